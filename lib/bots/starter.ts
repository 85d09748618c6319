import { createEntry, createKnowledgeBase } from "../knowledge";
import { createBot } from ".";

// A new workspace's first embed must work at once: a bot bound to a small knowledge base the admin then edits.
const STARTER_ENTRIES = [
  {
    title: "How can I reach a person?",
    content:
      "Ask for a human in this chat at any time and a member of our support team will take over the conversation.",
    tags: ["contact", "en"],
  },
  {
    title: "What can this assistant help with?",
    content:
      "This assistant answers common questions from our help articles. For anything it cannot answer, it hands you to our team.",
    tags: ["about", "en"],
  },
  {
    title: "怎样联系人工客服？",
    content: "在对话中随时输入“转人工”，我们的客服人员会接手这次会话。",
    tags: ["联系", "zh"],
  },
  {
    title: "智能客服能帮我做什么？",
    content: "智能客服根据我们的帮助文档回答常见问题；回答不了的问题会转给人工客服处理。",
    tags: ["介绍", "zh"],
  },
];

/** The starter knowledge base and bot of a new tenant. */
export async function addStarterContent(tenantId: string, author = "system") {
  const kb = await createKnowledgeBase(tenantId, "Starter FAQ");
  for (const e of STARTER_ENTRIES) await createEntry(tenantId, { ...e, knowledgeBaseId: kb.id });
  const bot = await createBot(
    tenantId,
    {
      name: "Assistant",
      greeting: "Hi! How can I help you? 您好，请问有什么可以帮您？",
      instructions:
        "You are a friendly customer-service assistant. Answer briefly, only from the knowledge provided. Reply in the customer's language.",
      temperature: 0.3,
      maxTokens: 256,
      modelId: null,
      knowledgeBaseIds: [kb.id],
    },
    { author, action: "created" },
  );
  return { knowledgeBase: kb, bot };
}
