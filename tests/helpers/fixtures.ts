import crypto from "node:crypto";
import { createBot } from "../../lib/bots";
import { createEntry, createKnowledgeBase } from "../../lib/knowledge";
import { addUserToTenant, createTenant, getTenantBySlug } from "../../lib/tenants";
import { createApiKey } from "../../lib/tenants/api-keys";
import { listBots } from "../../lib/bots";

/** A fresh tenant with an admin, a knowledge base with one entry, a bot and an API key. */
export async function makeTenant(label = "t") {
  const slug = `${label}-${crypto.randomBytes(4).toString("hex")}`;
  const tenant = await createTenant({ name: `Tenant ${slug}`, slug });
  const password = "password-" + slug;
  const admin = await addUserToTenant(tenant.id, {
    email: `${slug}@kefu.test`,
    name: `Admin ${slug}`,
    password,
    role: "admin",
  });
  const kb = await createKnowledgeBase(tenant.id, "FAQ");
  const entry = await createEntry(tenant.id, {
    knowledgeBaseId: kb.id,
    title: `Where is the ${slug} warehouse?`,
    content: `The ${slug} warehouse is in Hangzhou.`,
  });
  const bot = await createBot(tenant.id, {
    name: `Bot ${slug}`,
    greeting: "Hello",
    instructions: "Answer briefly.",
    temperature: 0.2,
    maxTokens: 24,
    modelId: null,
    knowledgeBaseIds: [kb.id],
  });
  const apiKey = await createApiKey(tenant.id, "tests");
  return { tenant, admin: { ...admin, password }, kb, entry, bot, apiKey: apiKey.key };
}

/** The demo tenant created at first start, with its bot. */
export async function demoTenant() {
  const tenant = await getTenantBySlug("demo");
  if (!tenant) throw new Error("demo tenant missing");
  const [bot] = await listBots(tenant.id);
  return { tenant, bot };
}
