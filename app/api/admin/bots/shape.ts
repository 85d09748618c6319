import type { Bot } from "@/lib/bots";

/** What the admin API tells about a bot (the tenant id stays inside). */
export function botJson(bot: Bot) {
  return {
    id: bot.id,
    name: bot.name,
    publicKey: bot.publicKey,
    greeting: bot.greeting,
    instructions: bot.instructions,
    temperature: bot.temperature,
    maxTokens: bot.maxTokens,
    modelId: bot.modelId,
    abModelId: bot.abModelId,
    abShare: bot.abShare,
    lightModelId: bot.lightModelId,
    loraFile: bot.loraFile,
    knowledgeBaseIds: bot.knowledgeBaseIds,
    updatedAt: bot.updatedAt.toISOString(),
  };
}
