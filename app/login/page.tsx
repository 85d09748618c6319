import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/language-switch";
import { LoginForm } from "@/components/login-form";

export async function generateMetadata() {
  const t = await getTranslations("login");
  return { title: t("title") };
}

export default async function LoginPage() {
  const t = await getTranslations("login");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-1 flex items-center justify-between">
          <h1 className="text-2xl font-semibold">Kefu</h1>
          <div className="text-xs text-slate-500">
            <LanguageSwitch />
          </div>
        </div>
        <p className="mb-6 text-sm text-slate-500">{t("subtitle")}</p>
        <LoginForm />
      </div>
    </main>
  );
}
