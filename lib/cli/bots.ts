import { getTenantBySlug } from "../tenants";
import { closeConversation } from "../answering/actions";
import { KefuError } from "../errors";
import { embedSnippet } from "../bots/embed";
import { deleteBot } from "../bots/delete";
import { botNameSchema } from "../bots";
import { newBot, patchBot } from "../bots/manage";
import { UsageError, type Output } from "./output";
import type { Command } from "./commands";

type Values = Record<string, string | boolean | undefined>;
const AUTHOR = "CLI";

function need(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || !v.trim()) throw new UsageError(`--${name} is required`);
  return v;
}

async function tenantBySlug(slug: string) {
  const tenant = await getTenantBySlug(slug.trim());
  if (!tenant)
    throw new KefuError("not_found", `No tenant with the slug "${slug}" (create one with: kefu tenant create)`);
  return tenant;
}

const botJson = (
  b: { id: string; name: string; publicKey: string; knowledgeBaseIds: string[] },
  tenant: { id: string; slug: string },
) => ({
  id: b.id,
  name: b.name,
  publicKey: b.publicKey,
  knowledgeBaseIds: b.knowledgeBaseIds,
  tenant: { id: tenant.id, slug: tenant.slug },
});

const botCreate: Command = {
  name: "bot create",
  summary: "Create a bot (answering from all of the tenant's knowledge bases) and print its widget key",
  usage: 'kefu bot create --tenant acme --name "Support" [--json]',
  options: {
    tenant: { type: "string", description: "The tenant's slug" },
    name: { type: "string", description: "The bot's name: 1–80 characters, unique in the tenant" },
  },
  prepare(values) {
    const slug = need(values, "tenant");
    const name = botNameSchema.parse(need(values, "name"));
    return async (): Promise<Output> => {
      const tenant = await tenantBySlug(slug);
      const bot = await newBot(tenant.id, { name }, AUTHOR);
      return {
        json: botJson(bot, tenant),
        text: `Created bot "${bot.name}" (id ${bot.id}) in ${tenant.slug}.\nWidget key: ${bot.publicKey}\nEmbed: ${embedSnippet(bot.publicKey)}`,
        audit: [{ tenantId: tenant.id, action: "bots.create", target: bot.id, diff: { name: bot.name } }],
      };
    };
  },
};

const botRename: Command = {
  name: "bot rename",
  summary: "Rename a bot (its widget key stays)",
  usage: 'kefu bot rename --tenant acme --id <bot id> --name "New name" [--json]',
  options: {
    tenant: { type: "string", description: "The tenant's slug" },
    id: { type: "string", description: "The bot's id (see: kefu bot list)" },
    name: { type: "string", description: "The new name: 1–80 characters, unique in the tenant" },
  },
  prepare(values) {
    const [slug, id] = [need(values, "tenant"), need(values, "id")];
    const name = botNameSchema.parse(need(values, "name"));
    return async () => {
      const tenant = await tenantBySlug(slug);
      const bot = await patchBot(tenant.id, id.trim(), { name }, AUTHOR);
      return {
        json: botJson(bot, tenant),
        text: `Renamed bot ${bot.id} to "${bot.name}".`,
        audit: [{ tenantId: tenant.id, action: "bots.update", target: bot.id, diff: { name: bot.name } }],
      };
    };
  },
};

const botDelete: Command = {
  name: "bot delete",
  summary: "Delete a bot: its widget stops, its conversations stay (open ones are closed)",
  usage: "kefu bot delete --tenant acme --id <bot id> [--force] [--json]",
  options: {
    tenant: { type: "string", description: "The tenant's slug" },
    id: { type: "string", description: "The bot's id (see: kefu bot list)" },
    force: { type: "boolean", description: "Delete even though its widget is live (open or recent conversations)" },
  },
  prepare(values) {
    const [slug, id] = [need(values, "tenant"), need(values, "id")];
    return async () => {
      const tenant = await tenantBySlug(slug);
      const result = await deleteBot(tenant.id, id.trim(), { force: values.force === true, closeConversation });
      return {
        json: { id: id.trim(), deleted: true, ...result },
        text: `Deleted bot ${id.trim()}: its widget key no longer works; ${result.conversations} conversations kept, ${result.closedConversations} open ones closed.`,
        audit: [
          {
            tenantId: tenant.id,
            action: "bots.delete",
            target: id.trim(),
            diff: { force: values.force === true, ...result },
          },
        ],
      };
    };
  },
};

export const BOT_COMMANDS: Command[] = [botCreate, botRename, botDelete];
