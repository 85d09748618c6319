import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const t = await getTranslations("common.forbidden");
  return (
    <main className="p-10">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-slate-600">{t("text")}</p>
      <Link href="/inbox" className="mt-4 inline-block text-indigo-600">
        {t("back")}
      </Link>
    </main>
  );
}
