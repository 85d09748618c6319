import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { getTimeZone } from "@/lib/tenants/time-zone";
import { TimeZoneSettings } from "@/components/settings/time-zone-settings";

export async function generateMetadata() {
  return { title: `${(await getTranslations("settings"))("workspace.title")} · Kefu` };
}

// Owners only, like retention: the zone changes what every member of the workspace reads.
export default async function WorkspacePage() {
  const user = await requireUser("owner");
  const [zone, t] = await Promise.all([getTimeZone(user.tenantId), getTranslations("settings")]);
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("workspace.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("workspace.intro")}</p>
      </div>
      <TimeZoneSettings initial={zone} />
    </div>
  );
}
