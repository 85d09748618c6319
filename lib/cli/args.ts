import { KefuError } from "../errors";
import { getTenantBySlug } from "../tenants";
import { UsageError, type Output } from "./output";

export type Values = Record<string, string | boolean | undefined>;

export type Command = {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, { type: "string" | "boolean"; description: string }>;
  /** Checks the options without touching the database; returns the work to do once it is open. */
  prepare(values: Values): () => Promise<Output>;
};

export function need(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || !v.trim()) throw new UsageError(`--${name} is required`);
  return v;
}

export async function tenantBySlug(slug: string) {
  const tenant = await getTenantBySlug(slug.trim());
  if (!tenant)
    throw new KefuError("not_found", `No tenant with the slug "${slug}" (create one with: kefu tenant create)`);
  return tenant;
}
