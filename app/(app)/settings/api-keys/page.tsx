import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/caller";
import { listApiKeys } from "@/lib/tenants/api-keys";
import { ApiKeysManager } from "@/components/team/api-keys-manager";

export async function generateMetadata() {
  return { title: `${(await getTranslations("team"))("keys.title")} · Kefu` };
}

export default async function ApiKeysPage() {
  const user = await requireUser("admin");
  const [keys, t] = await Promise.all([listApiKeys(user.tenantId), getTranslations("team")]);
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t("keys.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("keys.intro")}</p>
      </div>
      <ApiKeysManager
        keys={keys.map((k) => ({
          ...k,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
        }))}
      />
    </div>
  );
}
