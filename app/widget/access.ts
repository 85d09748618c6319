// Server side of the widget's access rules: which pages may show a bot's chat, and what of the bot they may see.
// (The widget itself, bundled for the browser, is in widget/; this file is only imported by the server.)
import type { Bot } from "@/lib/bots";

/** An empty list means any page may embed the chat. */
export function originAllowed(allowedOrigins: string[], origin: string | null | undefined): boolean {
  if (!allowedOrigins.length) return true;
  return !!origin && allowedOrigins.includes(origin);
}

/**
 * The frame page's frame-ancestors: the browser itself refuses to show the chat inside any other page, whatever
 * the loader or a copy of it claims. 'self' keeps Kefu's own /demo page working.
 */
export function frameAncestors(allowedOrigins: string[]): string {
  return allowedOrigins.length ? ["'self'", ...allowedOrigins].join(" ") : "*";
}

/** The bot's public look, for the loader and the frame: nothing here is secret (no instructions, model, key). */
export function publicWidgetConfig(bot: Bot) {
  return {
    name: bot.name,
    greeting: bot.greeting,
    color: bot.color,
    position: bot.position,
    avatarUrl: bot.avatarUrl,
    language: bot.language,
    preChatForm: bot.preChatForm,
  };
}
export type PublicWidgetConfig = ReturnType<typeof publicWidgetConfig>;
