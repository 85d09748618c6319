import { getTranslations } from "next-intl/server";
import { hasRole, requireUser } from "@/lib/auth/caller";
import { listCanned } from "@/lib/conversations/canned";
import { getRoutingMode, teamLoad } from "@/lib/conversations/routing";
import { CannedManager } from "@/components/inbox/settings/canned-manager";
import { RoutingSettings } from "@/components/inbox/settings/routing-settings";
import { InactivitySettings } from "@/components/inbox/settings/inactivity-settings";
import { getInactivityMinutes } from "@/lib/answering/inactivity";

export async function generateMetadata() {
  return { title: (await getTranslations("settings"))("pageTitle") };
}

export default async function InboxSettingsPage() {
  const user = await requireUser("agent");
  const t = await getTranslations("settings");
  const admin = hasRole(user.role, "admin");
  const [canned, mode, agents, inactivity] = await Promise.all([
    listCanned(user.tenantId),
    admin ? getRoutingMode(user.tenantId) : Promise.resolve("auto" as const),
    admin ? teamLoad(user.tenantId) : Promise.resolve([]),
    admin ? getInactivityMinutes(user.tenantId) : Promise.resolve(0),
  ]);
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{admin ? t("introAdmin") : t("introAgent")}</p>
      </div>
      <CannedManager canned={canned.map(({ id, shortcut, text }) => ({ id, shortcut, text }))} canEdit={admin} />
      {admin && <RoutingSettings mode={mode} agents={agents} />}
      {admin && <InactivitySettings minutes={inactivity} />}
    </div>
  );
}
