// The languages of the admin console and inbox. A person's choice (the kefu-locale cookie, set by the language
// switch) wins; otherwise the browser's Accept-Language decides.
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "kefu-locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function pickLocale(cookie: string | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  const first = (acceptLanguage ?? "").split(",")[0]?.trim() ?? "";
  return /^zh\b/i.test(first) ? "zh-CN" : "en";
}
