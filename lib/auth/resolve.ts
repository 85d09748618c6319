import { decode } from "next-auth/jwt";
import { membershipOf, type Role } from "./identity";
import { envVar } from "../env";

/** Who is calling, and in which tenant. Every data function takes `tenantId` from here, never from input. */
export type Caller =
  | { kind: "user"; tenantId: string; userId: string; email: string; name: string; role: Role }
  | { kind: "apiKey"; tenantId: string; keyId: string };
export type UserCaller = Extract<Caller, { kind: "user" }>;

const RANK: Record<Role, number> = { agent: 1, admin: 2, owner: 3 };
export const hasRole = (role: Role, needed: Role) => RANK[role] >= RANK[needed];

/**
 * Resolves a signed-in user from a session token. Sessions are JWTs nobody can recall, so the membership is read
 * fresh on every request: a demotion takes effect at once, a deactivated member is refused, and a token issued before
 * the user's session version was raised (deactivated, password reset) is refused too.
 */
export async function userFromToken(
  token: { sub?: string; tenantId?: unknown; sv?: unknown } | null,
): Promise<UserCaller | undefined> {
  if (!token?.sub || typeof token.tenantId !== "string") return undefined;
  const m = await membershipOf(token.sub, token.tenantId);
  const issuedWith = typeof token.sv === "number" ? token.sv : 0;
  return m && m.sessionVersion === issuedWith
    ? { kind: "user", tenantId: m.tenantId, userId: m.id, email: m.email, name: m.name, role: m.role }
    : undefined;
}

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/** For sockets: the user behind the session cookie of the handshake. */
export async function callerFromCookieHeader(cookieHeader: string | undefined): Promise<UserCaller | undefined> {
  if (!cookieHeader) return undefined;
  const cookies = new Map<string, string>();
  for (const c of cookieHeader.split(/;\s*/)) {
    const i = c.indexOf("=");
    if (i > 0) cookies.set(c.slice(0, i), decodeURIComponent(c.slice(i + 1)));
  }
  const raw = SESSION_COOKIES.map((n) => cookies.get(n)).find(Boolean);
  if (!raw) return undefined;
  const token = await decode({ token: raw, secret: envVar("NEXTAUTH_SECRET")! }).catch(() => null); // a forged, stale or foreign cookie: no session
  return userFromToken(token);
}
