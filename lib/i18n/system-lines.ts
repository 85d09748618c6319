// The lines Kefu itself writes into a conversation (handoff, closed, an agent joined). The visitor gets each in the
// widget's language only; the inbox shows the same line in the agent's language from its key and arguments.
// The texts are the `system` namespace of messages/<locale>/ (one source for the server and the inbox).
import { createTranslator } from "next-intl";
import { loadMessages } from "./messages";
import type { Locale } from "./locale";

import type { SystemKey } from "./system-lines-keys";

export type { SystemKey } from "./system-lines-keys";
export type SystemArgs = Record<string, string>;

export function systemText(key: SystemKey, locale: Locale, args: SystemArgs = {}): string {
  const t = createTranslator({ locale, messages: loadMessages(locale), namespace: "system" as never });
  return (t as unknown as (k: string, a: SystemArgs) => string)(key, args);
}
