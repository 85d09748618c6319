"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, call, inputClass, useErrorText } from "./call";

/** Sets the password through the one-time link, then signs in with it like the login form. */
export function InviteForm({ token }: { token: string }) {
  const t = useTranslations("team.invite");
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const password = String(f.get("password"));
    if (password.length < 8) return setError(t("tooShort"));
    if (password !== String(f.get("again"))) return setError(t("mismatch"));
    setBusy(true);
    setError("");
    const res = await call<{ email: string }>("POST", `/api/invite/${encodeURIComponent(token)}`, { password });
    if (!res.ok) return (setBusy(false), setError(errorText(res)));
    const signedIn = await signIn("credentials", { email: res.data.email, password, redirect: false });
    if (!signedIn || signedIn.error) return router.push("/login");
    router.push("/inbox");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <label className="block text-sm">
        {t("password")}
        <input
          name="password"
          type="password"
          required
          autoComplete="new-password"
          className={inputClass}
          data-testid="invite-password"
        />
        <span className="text-xs text-slate-500">{t("hint")}</span>
      </label>
      <label className="block text-sm">
        {t("again")}
        <input
          name="again"
          type="password"
          required
          autoComplete="new-password"
          className={inputClass}
          data-testid="invite-password-again"
        />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-600" data-testid="invite-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className={`${buttonClass} w-full`} data-testid="invite-submit">
        {busy ? t("busy") : t("submit")}
      </button>
    </form>
  );
}
