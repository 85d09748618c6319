import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { KefuError } from "@/lib/errors";
import { modelsState } from "@/lib/llm/engine-view";
import { ModelsPanel } from "@/components/admin/models/models-panel";
import { operatorAccess } from "@/lib/tenants/operator";

export async function generateMetadata() {
  return { title: (await getTranslations("models"))("pageTitle") };
}

export default async function ModelsPage() {
  const caller = await requireUser("admin");
  const t = await getTranslations("models");
  const { canManage, managedBy } = await operatorAccess(caller);
  let state;
  let problem = "";
  try {
    state = modelsState();
  } catch (err) {
    // a hand-edited catalog.json or settings.json that does not parse: say which, rather than a blank error page
    if (!(err instanceof KefuError)) throw err;
    problem = err.message;
  }
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      </div>
      {!canManage && (
        <p data-testid="models-read-only" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          {t("readOnly", { who: managedBy ? t("quoted", { name: managedBy }) : t("ownWorkspace") })}
        </p>
      )}
      {state ? (
        <ModelsPanel initial={state} canManage={canManage} />
      ) : (
        <p role="alert" data-testid="models-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {problem}
        </p>
      )}
    </div>
  );
}
