// kefu visitor export|erase (docs/privacy.md): a visitor's personal data request from the operator's shell, audited
// like the same request made over REST.
import { CLI_ACTOR } from "../audit";
import { eraseVisitorData, exportVisitorData } from "../privacy";
import { need, tenantBySlug, type Command } from "./args";

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
      const data = await exportVisitorData(tenant.id, CLI_ACTOR, visitor);
      return { json: data, text: JSON.stringify(data, null, 2) };
    };
  },
};

const visitorErase: Command = {
  name: "visitor erase",
  summary: "Erase a visitor: profile, conversations, messages, left messages and ratings are deleted",
  usage: "kefu visitor erase --tenant acme --visitor <id|externalId> [--json]",
  options,
  prepare(values) {
    const [slug, visitor] = [need(values, "tenant"), need(values, "visitor")];
    return async () => {
      const tenant = await tenantBySlug(slug);
      const r = await eraseVisitorData(tenant.id, CLI_ACTOR, visitor);
      return {
        json: r,
        text: `Erased visitor ${r.visitorId} of ${tenant.slug}: ${r.conversations} conversation(s), ${r.messages} message(s), ${r.leftMessages} left message(s).`,
      };
    };
  },
};

export const PRIVACY_COMMANDS: Command[] = [visitorExport, visitorErase];
