import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { listTeam } from "@/lib/tenants/team";
import { TeamManager } from "@/components/team/team-manager";

export async function generateMetadata() {
  return { title: `${(await getTranslations("team"))("title")} · Kefu` };
}

export default async function TeamPage() {
  const user = await requireUser("admin");
  const [members, t] = await Promise.all([listTeam(user.tenantId), getTranslations("team")]);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      </div>
      <TeamManager
        me={{ id: user.userId, role: user.role }}
        members={members.map((m) => ({ ...m, lastSeenAt: m.lastSeenAt?.toISOString() ?? null }))}
      />
    </div>
  );
}
