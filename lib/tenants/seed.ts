import { db } from "../db/client";
import { randomPassword } from "../auth/password";
import { createBot } from "../bots";
import { createEntry, createKnowledgeBase } from "../knowledge";
import { addUserToTenant, createTenant, getTenantBySlug } from ".";
import { envVar } from "../env";

const DEMO_ENTRIES = [
  {
    title: "What is your return policy?",
    content:
      "You can return any unused item within 30 days of delivery for a full refund. Start a return from Orders > Return item; the refund reaches your card within 5 business days.",
    tags: ["returns", "en"],
  },
  {
    title: "How long does shipping take?",
    content:
      "Orders ship within 24 hours. Standard delivery takes 3–5 business days; express delivery takes 1–2 business days and costs 15 CNY.",
    tags: ["shipping", "en"],
  },
  {
    title: "What are your opening hours?",
    content:
      "Our support team is available Monday to Friday, 9:00–18:00 (China Standard Time). The chat bot answers around the clock.",
    tags: ["contact", "en"],
  },
  {
    title: "Which payment methods do you accept?",
    content: "We accept Alipay, WeChat Pay, UnionPay and Visa/Mastercard credit cards.",
    tags: ["payment", "en"],
  },
  {
    title: "如何申请退货？",
    content: "商品签收后 30 天内未使用可申请退货退款。在「我的订单 > 申请退货」中提交，退款将在 5 个工作日内原路退回。",
    tags: ["退货", "zh"],
  },
  {
    title: "发货需要多久？",
    content: "订单在 24 小时内发货。普通快递 3–5 个工作日送达；加急快递 1–2 个工作日送达，运费 15 元。",
    tags: ["物流", "zh"],
  },
  {
    title: "客服工作时间是什么时候？",
    content: "人工客服工作时间为周一至周五 9:00–18:00（北京时间），智能客服 24 小时在线。",
    tags: ["联系", "zh"],
  },
];

/** Creates the demo tenant (one bot, a few zh/en entries) on first start. Idempotent. */
export async function ensureDemoTenant() {
  const existing = await getTenantBySlug("demo");
  if (existing) return existing;
  const tenant = await createTenant({ name: "Demo Shop", slug: "demo" });
  const kb = await createKnowledgeBase(tenant.id, "Demo FAQ");
  for (const e of DEMO_ENTRIES) await createEntry(tenant.id, { ...e, knowledgeBaseId: kb.id });
  await createBot(tenant.id, {
    name: "Demo Bot",
    greeting: "Hi! I'm the Demo Shop assistant. Ask me about returns, shipping or payment. 您好，有什么可以帮您？",
    instructions:
      "You are the friendly customer-service assistant of Demo Shop. Answer briefly, only from the knowledge provided. Reply in the customer's language.",
    temperature: 0.3,
    maxTokens: 200,
    modelId: null,
    knowledgeBaseIds: [kb.id],
  });
  return tenant;
}

/**
 * The first admin: from KEFU_ADMIN_EMAIL / KEFU_ADMIN_PASSWORD when set, else admin@kefu.local with a random
 * password that is printed once. Nothing happens once any user exists.
 */
export async function ensureFirstAdmin(tenantId: string, log: (m: string) => void) {
  if ((await db().user.count()) > 0) return;
  const email = envVar("KEFU_ADMIN_EMAIL") ?? "admin@kefu.local";
  const given = envVar("KEFU_ADMIN_PASSWORD");
  const password = given ?? randomPassword();
  await addUserToTenant(tenantId, { email, name: "Admin", password, role: "owner" });
  if (!given) {
    const line = "═".repeat(60);
    log(
      `\n${line}\n  First admin created — this password is shown only once:\n\n    email:    ${email}\n    password: ${password}\n\n  Set KEFU_ADMIN_EMAIL / KEFU_ADMIN_PASSWORD to choose your own.\n${line}\n`,
    );
  } else {
    log(`First admin created: ${email}`);
  }
}
