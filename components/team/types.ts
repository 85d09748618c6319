export type Role = "owner" | "admin" | "agent";
export type MemberView = {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: "active" | "pending" | "deactivated";
  maxChats: number;
  lastSeenAt: string | null;
};
export type Secret = { kind: "link" | "password"; email: string; value: string; expiresAt?: string };
/** What the add and reset endpoints answer: a link path or a password, each shown once. */
export type SecretAnswer = { member: MemberView; link?: { path: string; expiresAt: string }; password?: string };

export function secretOf(a: SecretAnswer): Secret {
  return a.link
    ? {
        kind: "link",
        email: a.member.email,
        value: new URL(a.link.path, window.location.origin).toString(),
        expiresAt: a.link.expiresAt,
      }
    : { kind: "password", email: a.member.email, value: a.password ?? "" };
}
