import fs from "node:fs";
import path from "node:path";
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";

const LOCALES = ["zh-CN", "en"] as const;
type Locale = (typeof LOCALES)[number];

/** The `kefu-locale` cookie, else the browser's Accept-Language (zh* → zh-CN, anything else → en). */
async function pickLocale(): Promise<Locale> {
  const chosen = (await cookies()).get("kefu-locale")?.value;
  if (chosen && (LOCALES as readonly string[]).includes(chosen)) return chosen as Locale;
  const accept = (await headers()).get("accept-language") ?? "";
  return /^\s*zh/i.test(accept) ? "zh-CN" : "en";
}

/** Every messages/<locale>/<namespace>.json as { [namespace]: json }. */
function loadMessages(locale: Locale): Record<string, unknown> {
  const dir = path.join(process.cwd(), "messages", locale);
  const out: Record<string, unknown> = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    out[file.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  }
  return out;
}

export default getRequestConfig(async () => {
  const locale = await pickLocale();
  return { locale, messages: loadMessages(locale) };
});
