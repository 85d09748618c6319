// next-intl's per-request configuration: the caller's language, every namespace's messages, and the time zone every
// console time is rendered in: the signed-in user's workspace's (Workspace settings), else the server's (TZ).
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { sessionCaller } from "@/lib/auth/caller";
import { LOCALE_COOKIE, pickLocale } from "@/lib/i18n/locale";
import { loadMessages } from "@/lib/i18n/messages";
import { getTimeZone, serverTimeZone } from "@/lib/tenants/time-zone";

export default getRequestConfig(async () => {
  const locale = pickLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  const caller = await sessionCaller();
  const timeZone = caller ? (await getTimeZone(caller.tenantId)).effective : serverTimeZone();
  return { locale, messages: loadMessages(locale), timeZone };
});
