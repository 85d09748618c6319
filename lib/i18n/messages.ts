// Messages live as one JSON file per namespace and locale (messages/<locale>/<namespace>.json), so each feature owns
// its own files. They are read from disk once per process (restart `npm run dev` after editing them).
import fs from "node:fs";
import path from "node:path";
import type { Locale } from "./locale";

type Messages = Record<string, unknown>;
const cache = new Map<Locale, Messages>();

export function loadMessages(locale: Locale, dir = path.join(process.cwd(), "messages")): Messages {
  const hit = cache.get(locale);
  if (hit) return hit;
  const folder = path.join(dir, locale);
  const messages: Messages = {};
  for (const file of fs.readdirSync(folder).sort()) {
    if (!file.endsWith(".json")) continue;
    messages[file.slice(0, -".json".length)] = JSON.parse(fs.readFileSync(path.join(folder, file), "utf8"));
  }
  cache.set(locale, messages);
  return messages;
}
