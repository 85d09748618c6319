/** Room names, built in one place. The server assigns rooms; clients never name one. */
export const rooms = {
  conversation: (conversationId: string) => `conv:${conversationId}`,
  agents: (tenantId: string) => `agents:${tenantId}`,
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  // every /agent socket of one member of one tenant, so their sessions can be ended at once
  member: (tenantId: string, userId: string) => `member:${tenantId}:${userId}`,
  // every visitor socket of one bot's widget: deleting the bot ends them
  bot: (botId: string) => `bot:${botId}`,
};
