import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function BotNotFound() {
  const t = await getTranslations("bots.notFound");
  return (
    <div data-testid="bot-not-found">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("text")}</p>
      <Link href="/bots" className="mt-4 inline-block text-sm text-indigo-600 hover:underline">
        {t("back")}
      </Link>
    </div>
  );
}
