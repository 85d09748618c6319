// kefu user list|disable|enable|reset-password and kefu apikey list|revoke (docs/cli.md). The CLI is the server's
// operator: it may act on owners, but the last owner of a workspace is kept here too.
import { env } from "../env";
import { KefuError } from "../errors";
import { listApiKeys, revokeApiKey } from "../tenants/api-keys";
import { resetAnyPassword } from "../tenants/invitations";
import { findUserByEmail } from "../tenants/lookup";
import { getMember, listTeam, updateMember, type Member } from "../tenants/team";
import { need, tenantBySlug, type Command, type Values } from "./args";

const OPERATOR = { userId: "kefu-cli", role: "owner" } as const;
const tenantOpt = { type: "string", description: "The tenant's slug" } as const;
const emailOpt = { type: "string", description: "The member's sign-in email" } as const;
const date = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) : "-");

async function memberByEmail(tenantId: string, slug: string, email: string): Promise<Member> {
  const user = await findUserByEmail(email);
  const missing = new KefuError("not_found", `No member with the email ${email} in ${slug}`);
  if (!user) throw missing;
  return getMember(tenantId, user.id).catch(() => Promise.reject(missing));
}

const userList: Command = {
  name: "user list",
  summary: "List a tenant's members with role, status and last seen",
  usage: "kefu user list --tenant acme [--json]",
  options: { tenant: tenantOpt },
  prepare(values) {
    const slug = need(values, "tenant");
    return async () => {
      const tenant = await tenantBySlug(slug);
      const members = await listTeam(tenant.id);
      const rows = members.map(
        (m) => `${m.email}\t${m.name}\t${m.role}\t${m.status}\t${m.maxChats}\t${date(m.lastSeenAt)}`,
      );
      return { json: members, text: ["EMAIL\tNAME\tROLE\tSTATUS\tMAX CHATS\tLAST SEEN", ...rows].join("\n") };
    };
  },
};

function activeCommand(active: boolean): Command {
  return {
    name: active ? "user enable" : "user disable",
    summary: active ? "Reactivate a member" : "Deactivate a member: their sessions and inbox connections end at once",
    usage: `kefu user ${active ? "enable" : "disable"} --tenant acme --email ann@acme.com [--json]`,
    options: { tenant: tenantOpt, email: emailOpt },
    prepare(values) {
      const [slug, email] = [need(values, "tenant"), need(values, "email")];
      return async () => {
        const tenant = await tenantBySlug(slug);
        const m = await memberByEmail(tenant.id, slug, email);
        const member = await updateMember(tenant.id, OPERATOR, m.id, { active });
        return {
          json: member,
          text: `${active ? "Reactivated" : "Deactivated"} ${member.name} <${member.email}> in ${tenant.slug}.`,
          audit: [{ tenantId: tenant.id, action: "team.update", target: m.id, diff: { email: m.email, active } }],
        };
      };
    },
  };
}

const resetPasswordCommand: Command = {
  name: "user reset-password",
  summary: "Reset a member's password (sessions end): a generated password, or --link for a one-time link",
  usage: "kefu user reset-password --tenant acme --email ann@acme.com [--link] [--json]",
  options: {
    tenant: tenantOpt,
    email: emailOpt,
    link: { type: "boolean", description: "Print a one-time link (24 h) instead of a password" },
  },
  prepare(values: Values) {
    const [slug, email] = [need(values, "tenant"), need(values, "email")];
    return async () => {
      const tenant = await tenantBySlug(slug);
      const m = await memberByEmail(tenant.id, slug, email);
      if (m.status === "deactivated")
        throw new KefuError("bad_request", `${email} is deactivated: run kefu user enable first`);
      const r = await resetAnyPassword(tenant.id, m.id, values.link ? "link" : "password");
      const base = env().KEFU_PUBLIC_URL ?? `http://localhost:${env().PORT}`;
      const url = r.link ? new URL(r.link.path, base).toString() : undefined;
      const text = url
        ? `One-time link for ${m.email} (valid until ${r.link!.expiresAt.toISOString()}), shown only once:\n\n  ${url}`
        : `New password for ${m.email} (shown only once): ${r.password}`;
      return {
        json: { member: r.member, ...(url ? { url, expiresAt: r.link!.expiresAt } : { password: r.password }) },
        text,
        // what was reset and how, never the password or link itself
        audit: [
          {
            tenantId: tenant.id,
            action: "team.password.create",
            target: m.id,
            diff: { email: m.email, access: url ? "link" : "password" },
          },
        ],
      };
    };
  },
};

const apiKeyList: Command = {
  name: "apikey list",
  summary: "List a tenant's API keys that still work (prefix, label, created, last used)",
  usage: "kefu apikey list --tenant acme [--json]",
  options: { tenant: tenantOpt },
  prepare(values) {
    const slug = need(values, "tenant");
    return async () => {
      const tenant = await tenantBySlug(slug);
      const keys = await listApiKeys(tenant.id);
      const rows = keys.map((k) => `${k.id}\t${k.prefix}…\t${k.name}\t${date(k.createdAt)}\t${date(k.lastUsedAt)}`);
      return {
        json: keys,
        text: keys.length ? ["ID\tPREFIX\tLABEL\tCREATED\tLAST USED", ...rows].join("\n") : "No API keys.",
      };
    };
  },
};

const apiKeyRevoke: Command = {
  name: "apikey revoke",
  summary: "Revoke an API key: its next request answers 401",
  usage: "kefu apikey revoke --tenant acme --id <key id> [--json]",
  options: { tenant: tenantOpt, id: { type: "string", description: "The key's id (kefu apikey list)" } },
  prepare(values) {
    const [slug, id] = [need(values, "tenant"), need(values, "id")];
    return async () => {
      const tenant = await tenantBySlug(slug);
      await revokeApiKey(tenant.id, id);
      return {
        json: { id, revoked: true },
        text: `Revoked API key ${id} of ${tenant.slug}.`,
        audit: [{ tenantId: tenant.id, action: "api-keys.delete", target: id }],
      };
    };
  },
};

export const TEAM_COMMANDS: Command[] = [
  userList,
  activeCommand(false),
  activeCommand(true),
  resetPasswordCommand,
  apiKeyList,
  apiKeyRevoke,
];
