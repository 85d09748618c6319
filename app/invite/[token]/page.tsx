import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { linkInfo } from "@/lib/tenants/invitations";
import { InviteForm } from "@/components/team/invite-form";

export const dynamic = "force-dynamic";
// the token is in the path: no Referer may carry it to another site
export const metadata = { title: "Kefu", referrer: "no-referrer" };

/** A one-time link from an admin: the member chooses a password here and is signed in. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [info, t] = await Promise.all([linkInfo(token), getTranslations("team")]);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        {info ? (
          <>
            <h1 className="mb-1 text-xl font-semibold" data-testid="invite-title">
              {info.purpose === "invite" ? t("invite.joinTitle", { tenant: info.tenant }) : t("invite.resetTitle")}
            </h1>
            <p className="mb-6 text-sm text-slate-600">
              {t("invite.hello", { name: info.name, email: info.email, role: t(`roles.${info.role}`) })}
            </p>
            <InviteForm token={token} />
          </>
        ) : (
          <>
            <p className="text-sm text-slate-700" data-testid="invite-expired">
              {t("invite.expired")}
            </p>
            <Link href="/login" className="mt-4 inline-block text-sm text-indigo-600 hover:underline">
              {t("invite.toLogin")}
            </Link>
          </>
        )}
      </div>
    </main>
  );
}
