import Link from "next/link";
import { requireUser, hasRole } from "@/lib/auth/caller";
import { getTenant } from "@/lib/tenants";
import { getTranslations } from "next-intl/server";
import { SignOutButton } from "@/components/sign-out-button";
import { LanguageSwitch } from "@/components/language-switch";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("agent");
  const tenant = await getTenant(user.tenantId);
  const admin = hasRole(user.role, "admin");
  const t = await getTranslations("common");
  const tTeam = await getTranslations("team");
  const tHooks = await getTranslations("webhooks");
  const tAnalytics = await getTranslations("analytics");
  const tPrivacy = await getTranslations("privacy");
  const tSettings = await getTranslations("settings");
  // `id` names the test id (nav-<id>), stable whatever the language
  const links = [
    { href: "/inbox", id: "inbox", label: t("nav.inbox") },
    { href: "/settings/inbox", id: "canned & routing", label: t("nav.cannedRouting") },
    ...(admin
      ? [
          { href: "/bots", id: "bots", label: t("nav.bots") },
          { href: "/knowledge", id: "knowledge", label: t("nav.knowledge") },
          { href: "/gaps", id: "gaps", label: t("nav.gaps") },
          { href: "/playground", id: "playground", label: t("nav.playground") },
          { href: "/monitoring", id: "monitoring", label: t("nav.monitoring") },
          { href: "/analytics", id: "analytics", label: tAnalytics("nav") },
          { href: "/models", id: "models", label: t("nav.models") },
          { href: "/settings/team", id: "team", label: tTeam("nav.team") },
          { href: "/settings/api-keys", id: "api-keys", label: tTeam("nav.apiKeys") },
          { href: "/settings/webhooks", id: "webhooks", label: tHooks("nav") },
        ]
      : []),
    ...(user.role === "owner"
      ? [
          { href: "/settings/workspace", id: "workspace", label: tSettings("workspace.nav") },
          { href: "/settings/retention", id: "retention", label: tPrivacy("nav.retention") },
          { href: "/settings/audit", id: "audit", label: tPrivacy("nav.audit") },
        ]
      : []),
  ];
  return (
    <div className="flex min-h-screen">
      <nav className="flex w-52 shrink-0 flex-col gap-1 border-r border-slate-200 bg-white p-4">
        <div className="mb-4">
          <div className="text-lg font-semibold">Kefu</div>
          <div className="text-xs text-slate-500" data-testid="tenant-name" data-i18n-skip>
            {tenant?.name}
          </div>
        </div>
        {links.map((l) => (
          <Link
            key={l.href}
            href={l.href}
            className="rounded-md px-3 py-2 text-sm hover:bg-slate-100"
            data-testid={`nav-${l.id}`}
          >
            {l.label}
          </Link>
        ))}
        <div className="mt-auto text-xs text-slate-500">
          <div data-i18n-skip>{user.email}</div>
          <div className="mb-2">{t(`roles.${user.role}`)}</div>
          <div className="flex items-center justify-between gap-2">
            <SignOutButton />
            <LanguageSwitch />
          </div>
        </div>
      </nav>
      <main className="min-w-0 flex-1 p-6">{children}</main>
    </div>
  );
}
