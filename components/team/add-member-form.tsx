"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonClass, call, inputClass, useErrorText } from "./call";
import { secretOf, type Role, type Secret, type SecretAnswer } from "./types";

/** Adds a member with a one-time link or a generated password; what must be passed on is shown once by the caller. */
export function AddMemberForm({ roles, onAdded }: { roles: Role[]; onAdded: (secret: Secret, name: string) => void }) {
  const t = useTranslations("team");
  const errorText = useErrorText();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setBusy(true);
    setError("");
    const res = await call<SecretAnswer>("POST", "/api/admin/team", {
      email: String(f.get("email")),
      name: String(f.get("name")),
      role: String(f.get("role")),
      access: String(f.get("access")),
    });
    setBusy(false);
    if (!res.ok) return setError(errorText(res));
    form.reset();
    onAdded(secretOf(res.data), res.data.member.name);
  }

  return (
    <form onSubmit={submit} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="member-add">
      <h2 className="font-semibold">{t("add.title")}</h2>
      <div className="mt-3 grid gap-3 sm:grid-cols-3">
        <label className="block text-sm">
          {t("add.email")}
          <input name="email" type="email" required className={inputClass} data-testid="member-add-email" />
        </label>
        <label className="block text-sm">
          {t("add.name")}
          <input name="name" required maxLength={100} className={inputClass} data-testid="member-add-name" />
        </label>
        <label className="block text-sm">
          {t("add.role")}
          <select name="role" defaultValue="agent" className={inputClass} data-testid="member-add-role">
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="mt-3 space-y-1 text-sm">
        <legend className="text-slate-700">{t("add.access")}</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="access" value="link" defaultChecked data-testid="member-add-link" /> {t("add.link")}
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="access" value="password" data-testid="member-add-password" /> {t("add.password")}
        </label>
      </fieldset>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600" data-testid="member-add-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className={`${buttonClass} mt-3`} data-testid="member-add-submit">
        {t("add.submit")}
      </button>
    </form>
  );
}
