"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { secondaryButtonClass } from "./api";

/** The tenant's widget secret for Kefu.identify, hidden until asked, with a copy button and how to sign. */
export function WidgetSecret({ secret }: { secret: string }) {
  const t = useTranslations("bots");
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState<"" | "yes" | "no">("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      // the clipboard API needs a secure context; the revealed value can be selected by hand
      setShown(true);
      setCopied("no");
    }
  }
  return (
    <div className="mt-3 space-y-3">
      <div className="flex items-start gap-2">
        <code
          data-testid="widget-secret"
          className="min-w-0 flex-1 break-all rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100 select-all"
        >
          {shown ? secret : "kws_" + "•".repeat(24)}
        </code>
        <button
          type="button"
          onClick={() => setShown(!shown)}
          data-testid="widget-secret-toggle"
          className={secondaryButtonClass}
        >
          {shown ? t("secret.hide") : t("secret.show")}
        </button>
        <button type="button" onClick={copy} data-testid="widget-secret-copy" className={secondaryButtonClass}>
          {copied === "yes" ? t("embed.copied") : copied === "no" ? t("embed.selectCopy") : t("embed.copy")}
        </button>
      </div>
      <p className="text-sm text-slate-600">{t("secret.howTo")}</p>
      <pre className="overflow-x-auto rounded-md bg-slate-100 p-3 text-xs text-slate-800">{`// your server (Node.js)
const signature = crypto.createHmac("sha256", process.env.KEFU_WIDGET_SECRET)
  .update(user.id).digest("hex");

// your page
Kefu.identify({ userId: user.id, name: user.name, email: user.email, signature });
// on logout
Kefu.reset();`}</pre>
    </div>
  );
}
