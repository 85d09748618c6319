import { readJson, withApiKey } from "@/lib/auth/caller";
import { apiKeyActor } from "@/lib/api/actor";
import { dataResponse } from "@/lib/api/respond";
import { retentionSettingSchema } from "@/lib/api/schemas-privacy";
import { getRetentionDays, retentionInputSchema, setRetentionDays } from "@/lib/privacy/retention";

// GET / PUT /api/v1/settings/retention — days a closed conversation is kept before it is deleted (0: for ever).
export const GET = withApiKey(async (_req, { caller }) =>
  dataResponse(retentionSettingSchema, { retentionDays: await getRetentionDays(caller.tenantId) }),
);

export const PUT = withApiKey(async (req, { caller }) => {
  const { retentionDays } = retentionInputSchema.parse(await readJson(req));
  return dataResponse(
    retentionSettingSchema,
    await setRetentionDays(caller.tenantId, apiKeyActor(req, caller.keyId), retentionDays),
  );
});
