import { z } from "zod";
import { randomPassword } from "../auth/password";
import { listBots } from "../bots";
import { addUserToTenant, createTenant, tenantInputSchema, userInputSchema } from "../tenants";
import { createApiKey } from "../tenants/api-keys";
import { findUserByEmail, listTenants } from "../tenants/lookup";
import { need, tenantBySlug, type Command } from "./args";
import { KEYS_COMMANDS } from "./keys-commands";
import { PRIVACY_COMMANDS } from "./privacy-commands";
import { TEAM_COMMANDS } from "./team-commands";
import { addStarterContent } from "../bots/starter";
import { BOT_COMMANDS } from "./bots";

export type { Command };

const tenantCreate: Command = {
  name: "tenant create",
  summary: "Create a tenant (a company with its own users, bots, knowledge and conversations) with a starter bot",
  usage: 'kefu tenant create --name "Acme" --slug acme [--json]',
  options: {
    name: { type: "string", description: "Display name" },
    slug: { type: "string", description: "Short unique id: 2–41 lower-case letters, digits and dashes" },
  },
  prepare(values) {
    const input = tenantInputSchema.parse({ name: need(values, "name"), slug: need(values, "slug") });
    return async () => {
      const t = await createTenant(input);
      const { bot } = await addStarterContent(t.id, "CLI");
      return {
        json: { ...t, starterBot: { id: bot.id, name: bot.name, publicKey: bot.publicKey } },
        text: `Created tenant "${t.name}" (slug ${t.slug}, id ${t.id}) with the starter bot "${bot.name}" (widget key ${bot.publicKey}).`,
        audit: [
          {
            tenantId: t.id,
            action: "tenant.create",
            target: t.id,
            diff: { name: t.name, slug: t.slug, starterBot: bot.id },
          },
        ],
      };
    };
  },
};

const userCreate: Command = {
  name: "user create",
  summary: "Create a user (or add an existing one) as a member of a tenant",
  usage: 'kefu user create --tenant acme --email ann@acme.com --name "Ann" --role admin [--password …] [--json]',
  options: {
    tenant: { type: "string", description: "The tenant's slug" },
    email: { type: "string", description: "Sign-in email" },
    name: { type: "string", description: "Display name" },
    role: { type: "string", description: "owner | admin | agent" },
    password: { type: "string", description: "At least 8 characters; without it a random one is printed once" },
  },
  prepare(values) {
    const generated = values.password === undefined;
    const input = userInputSchema.parse({
      email: need(values, "email"),
      name: need(values, "name"),
      role: need(values, "role"),
      password: generated ? randomPassword() : values.password,
    });
    const slug = need(values, "tenant");
    return async () => {
      const tenant = await tenantBySlug(slug);
      // an existing user only gains the membership: their password stays, so a new one must not be shown
      const found = await findUserByEmail(input.email);
      const existing = Boolean(found);
      const user = { ...(await addUserToTenant(tenant.id, input)), ...(found ? { name: found.name } : {}) };
      const password = !existing && generated ? input.password : undefined;
      const lines = [
        `${existing ? "Added existing user" : "Created user"} ${user.name} <${user.email}> as ${user.role} of ${tenant.slug}.`,
      ];
      if (password) lines.push(`Password (shown only once): ${password}`);
      if (existing) lines.push("The user already existed: their name and password were not changed.");
      return {
        json: { ...user, tenant: { id: tenant.id, slug: tenant.slug }, existing, ...(password ? { password } : {}) },
        text: lines.join("\n"),
        audit: [
          {
            tenantId: tenant.id,
            action: "team.create",
            target: user.id,
            diff: { email: user.email, name: user.name, role: user.role, existing },
          },
        ],
      };
    };
  },
};

const apiKeyName = z.string().trim().min(1, "the name is empty").max(100);

const apiKeyCreate: Command = {
  name: "apikey create",
  summary: "Create an API key for REST /api/v1 (printed once; only its hash is stored)",
  usage: "kefu apikey create --tenant acme [--label ci] [--json]",
  options: {
    tenant: { type: "string", description: "The tenant's slug" },
    label: { type: "string", description: 'A label to recognise the key by (default "cli")' },
    name: { type: "string", description: "The same as --label (older spelling)" },
  },
  prepare(values) {
    const slug = need(values, "tenant");
    const name = z.object({ name: apiKeyName }).parse({ name: values.label ?? values.name ?? "cli" }).name;
    return async () => {
      const tenant = await tenantBySlug(slug);
      const key = await createApiKey(tenant.id, name);
      return {
        json: { ...key, tenant: { id: tenant.id, slug: tenant.slug } },
        text: `API key "${key.name}" for ${tenant.slug} — shown only once, store it now:\n\n  ${key.key}\n\nUse it as: Authorization: Bearer <key>`,
        audit: [{ tenantId: tenant.id, action: "api-keys.create", target: key.id, diff: { label: key.name } }],
      };
    };
  },
};

const botList: Command = {
  name: "bot list",
  summary: "List bots with their widget keys (of one tenant, or of all)",
  usage: "kefu bot list [--tenant acme] [--json]",
  options: { tenant: { type: "string", description: "Only this tenant's bots" } },
  prepare(values) {
    const slug = values.tenant === undefined ? undefined : need(values, "tenant");
    return async () => {
      const tenants = slug ? [await tenantBySlug(slug)] : await listTenants();
      const bots = [];
      for (const t of tenants) {
        for (const b of await listBots(t.id)) {
          bots.push({
            id: b.id,
            name: b.name,
            publicKey: b.publicKey,
            greeting: b.greeting,
            modelId: b.modelId,
            knowledgeBaseIds: b.knowledgeBaseIds,
            tenant: { id: t.id, slug: t.slug },
          });
        }
      }
      const text = bots.length
        ? bots.map((b) => `${b.tenant.slug}\t${b.name}\t${b.publicKey}\t${b.id}`).join("\n")
        : "No bots.";
      return { json: bots, text: bots.length ? `TENANT\tNAME\tWIDGET KEY\tID\n${text}` : text };
    };
  },
};

export const COMMANDS: Command[] = [
  tenantCreate,
  userCreate,
  apiKeyCreate,
  botList,
  ...TEAM_COMMANDS,
  ...BOT_COMMANDS,
  ...KEYS_COMMANDS,
  ...PRIVACY_COMMANDS,
];
