import crypto from "node:crypto";
import { envVar } from "../env";

/** The server's signing secret (NEXTAUTH_SECRET, generated and stored in the data folder at first start). */
export function secret(): string {
  const s = envVar("NEXTAUTH_SECRET");
  if (!s) throw new Error("NEXTAUTH_SECRET is not set");
  return s;
}

export type VisitorClaims = { v: string; t: string; b: string; exp: number };

const VISITOR_TOKEN_DAYS = 30;

/** A visitor token: base64url(JSON claims) + "." + HMAC-SHA256. Only the server can mint one. */
export function signVisitorToken(claims: Omit<VisitorClaims, "exp">, days = VISITOR_TOKEN_DAYS): string {
  const body = Buffer.from(JSON.stringify({ ...claims, exp: Date.now() + days * 86400_000 })).toString("base64url");
  return `${body}.${mac(body)}`;
}

export function verifyVisitorToken(token: string): VisitorClaims | "expired" | undefined {
  const [body, sig] = token.split(".");
  if (!body || !sig) return undefined;
  const expected = Buffer.from(mac(body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as VisitorClaims;
    if (typeof claims.exp !== "number" || claims.exp < Date.now()) return "expired";
    return claims;
  } catch {
    return undefined;
  }
}

function mac(body: string) {
  return crypto.createHmac("sha256", secret()).update(`visitor:${body}`).digest("base64url");
}

export function hashApiKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `kefu_${crypto.randomBytes(24).toString("base64url")}`;
  return { key, prefix: key.slice(0, 9), hash: hashApiKey(key) };
}

export function newBotPublicKey(): string {
  return `pk_${crypto.randomBytes(12).toString("base64url")}`;
}
