import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { getRetentionDays } from "@/lib/privacy/retention";
import { RetentionSettings } from "@/components/privacy/retention-settings";

export async function generateMetadata() {
  return { title: `${(await getTranslations("privacy"))("retention.title")} · Kefu` };
}

// Owners only: the period deletes conversations for good, a decision for whoever answers for the workspace's data.
export default async function RetentionPage() {
  const user = await requireUser("owner");
  const [days, t] = await Promise.all([getRetentionDays(user.tenantId), getTranslations("privacy")]);
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("retention.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("retention.intro")}</p>
      </div>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600" data-testid="retention-explained">
        <li>{t("retention.whatDeleted")}</li>
        <li>{t("retention.whatKept")}</li>
        <li>{t("retention.when")}</li>
        <li>{t("retention.audited")}</li>
      </ul>
      <RetentionSettings days={days} />
    </div>
  );
}
