import type { IncomingMessage } from "node:http";
import { envVar } from "../env";

/**
 * Only with KEFU_TRUST_PROXY=1 do forwarded headers count: without a proxy in front, anyone could send
 * X-Forwarded-For to get a fresh rate-limit bucket per request, or X-Forwarded-Proto to look like HTTPS.
 */
export const trustProxy = () => envVar("KEFU_TRUST_PROXY") === "1";

/** The caller's address: the socket's peer, or with a trusted proxy the address that proxy saw (the last hop it adds). */
export function clientAddress(headers: IncomingMessage["headers"], peer: string | undefined): string {
  if (trustProxy()) {
    const forwarded = String(headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (forwarded.length) return forwarded[forwarded.length - 1];
  }
  return (peer ?? "unknown").replace(/^::ffff:/, "");
}

/** Whether the request reached the public URL over HTTPS (directly, or via a trusted proxy that says so). */
export function servedOverHttps(headers: IncomingMessage["headers"], encrypted: boolean): boolean {
  if (encrypted || envVar("KEFU_PUBLIC_URL")?.startsWith("https:")) return true;
  return (
    trustProxy() &&
    String(headers["x-forwarded-proto"] ?? "")
      .split(",")[0]
      .trim() === "https"
  );
}

/** Next's route handlers see headers only: the server passes the address it resolved in this header (never the caller's). */
export const CLIENT_ADDRESS_HEADER = "x-kefu-client-address";
