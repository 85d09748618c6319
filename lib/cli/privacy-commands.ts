// kefu visitor export|erase (docs/privacy.md): a visitor's personal data request from the operator's shell, audited
// like the same request made over REST.
import { cliActor } from "../audit";
import { eraseVisitorData, exportVisitorData } from "../privacy";
import { setRetentionDays } from "../privacy/retention";
import { need, tenantBySlug, type Command } from "./args";
import { UsageError } from "./output";

const options = {
  tenant: { type: "string", description: "The tenant's slug" },
  visitor: { type: "string", description: "Kefu's visitor id or the customer's own user id (externalId)" },
} as const;

const visitorExport: Command = {
  name: "visitor export",
  summary: "Print everything held about a visitor as JSON (profile, conversations, messages, left messages, ratings)",
  usage: "kefu visitor export --tenant acme --visitor <id|externalId> > visitor.json",
  options,
  prepare(values) {
    const [slug, visitor] = [need(values, "tenant"), need(values, "visitor")];
    return async () => {
      const tenant = await tenantBySlug(slug);
      const data = await exportVisitorData(tenant.id, cliActor(), visitor);
      return { json: data, text: JSON.stringify(data, null, 2) };
    };
  },
};

const visitorErase: Command = {
  name: "visitor erase",
  summary:
    "Erase a visitor: profile, conversations, messages, left messages, email replies, customer events and ratings are deleted",
  usage: "kefu visitor erase --tenant acme --visitor <id|externalId> [--json]",
  options,
  prepare(values) {
    const [slug, visitor] = [need(values, "tenant"), need(values, "visitor")];
    return async () => {
      const tenant = await tenantBySlug(slug);
      const r = await eraseVisitorData(tenant.id, cliActor(), visitor);
      return {
        json: r,
        text: `Erased visitor ${r.visitorId} of ${tenant.slug}: ${r.conversations} conversation(s), ${r.messages} message(s), ${r.leftMessages} left message(s), ${r.emailReplies} email reply(ies), ${r.customerEvents} customer event(s).`,
      };
    };
  },
};

const tenantRetention: Command = {
  name: "tenant retention",
  summary: "Keep closed conversations N days, then delete them with their messages (0 = keep for ever)",
  usage: "kefu tenant retention --tenant acme --days 180 [--json]",
  options: {
    tenant: options.tenant,
    days: { type: "string", description: "Days to keep a closed conversation; 0 keeps them" },
  },
  prepare(values) {
    const [slug, raw] = [need(values, "tenant"), need(values, "days")];
    const days = Number(raw);
    if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--days must be a whole number of days (got "${raw}")`);
    return async () => {
      const tenant = await tenantBySlug(slug);
      const r = await setRetentionDays(tenant.id, cliActor(), days);
      return {
        json: r,
        text: days
          ? `${tenant.slug} keeps closed conversations ${days} day(s).`
          : `${tenant.slug} keeps closed conversations for ever.`,
      };
    };
  },
};

export const PRIVACY_COMMANDS: Command[] = [visitorExport, visitorErase, tenantRetention];
