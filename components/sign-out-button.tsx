"use client";

import { useTranslations } from "next-intl";
import { signOut } from "next-auth/react";

export function SignOutButton() {
  const t = useTranslations("common");
  return (
    <button onClick={() => signOut({ callbackUrl: "/login" })} className="text-indigo-600 hover:underline">
      {t("signOut")}
    </button>
  );
}
