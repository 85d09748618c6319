// Visitors: the profile the inbox shows (name, email, page, browser, last seen) and what the widget may set on it.
import { z } from "zod";
import { db } from "../db/client";

export const visitorNameSchema = z.string().trim().max(100, "the name is longer than 100 characters");
export const visitorEmailSchema = z.string().trim().max(200).email("the email address does not look right");
export const visitorPhoneSchema = z
  .string()
  .trim()
  .max(40, "the phone number is longer than 40 characters")
  .regex(/^[+0-9 ()\-.]*$/, "the phone number may hold only digits, spaces, + ( ) - and .");

/**
 * The page the visitor is on, without its query string and fragment: those often carry tokens or personal data
 * that the agent does not need and Kefu should not keep.
 */
export function cleanPageUrl(url: unknown): string | undefined {
  if (typeof url !== "string" || url.length > 2000) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    return `${u.origin}${u.pathname}`.slice(0, 500);
  } catch {
    return undefined;
  }
}

/** Seen now, on this page with this browser (called on every widget connection and page change). */
export async function touchVisitor(
  tenantId: string,
  visitorId: string,
  seen: { lastPage?: string; userAgent?: string; language?: "en" | "zh-CN" },
) {
  await db().visitor.updateMany({
    where: { id: visitorId, tenantId },
    data: {
      lastSeenAt: new Date(),
      ...(seen.lastPage ? { lastPage: seen.lastPage } : {}),
      ...(seen.userAgent ? { userAgent: seen.userAgent.slice(0, 500) } : {}),
      ...(seen.language ? { language: seen.language } : {}),
    },
  });
}

export type VisitorProfile = {
  id: string;
  externalId: string | null;
  name: string | null;
  email: string | null;
  lastPage: string | null;
  userAgent: string | null;
  lastSeenAt: Date | null;
  createdAt: Date;
};

export async function getVisitorProfile(tenantId: string, visitorId: string): Promise<VisitorProfile | null> {
  return db().visitor.findFirst({
    where: { id: visitorId, tenantId },
    select: {
      id: true,
      externalId: true,
      name: true,
      email: true,
      lastPage: true,
      userAgent: true,
      lastSeenAt: true,
      createdAt: true,
    },
  });
}

/** The pre-chat form: name and email, as the visitor typed them. */
export async function setVisitorContact(
  tenantId: string,
  visitorId: string,
  contact: { name?: string; email?: string },
) {
  await db().visitor.updateMany({
    where: { id: visitorId, tenantId },
    data: { ...(contact.name ? { name: contact.name } : {}), ...(contact.email ? { email: contact.email } : {}) },
  });
}
