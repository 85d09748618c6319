"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

type KefuApi = {
  identify(id: { userId: string; signature: string; name?: string; email?: string }): void;
  reset(): void;
};

/** Pretend shop sign-in: tells the widget who is signed in (Kefu.identify) and forgets them on sign-out (Kefu.reset). */
export function DemoAccount({
  userId,
  name,
  email,
  signature,
}: {
  userId: string;
  name: string;
  email: string;
  signature: string;
}) {
  const t = useTranslations("demo");
  const [signedIn, setSignedIn] = useState(false);
  const kefu = () => (window as unknown as { Kefu?: KefuApi }).Kefu;
  return (
    <div className="mt-3 flex items-center gap-3 text-sm">
      {signedIn ? (
        <>
          <span>{t.rich("signedIn", { name, b: (c) => <b>{c}</b> })}</span>
          <button
            type="button"
            data-testid="demo-sign-out"
            className="rounded border border-stone-300 px-3 py-1"
            onClick={() => (kefu()?.reset(), setSignedIn(false))}
          >
            {t("signOut")}
          </button>
        </>
      ) : (
        <button
          type="button"
          data-testid="demo-sign-in"
          className="rounded bg-stone-800 px-3 py-1 text-white"
          onClick={() => (kefu()?.identify({ userId, signature, name, email }), setSignedIn(true))}
        >
          {t("signIn", { name })}
        </button>
      )}
    </div>
  );
}
