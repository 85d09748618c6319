import { readJson, withApiKey } from "@/lib/auth/caller";
import { inactivitySettingSchema } from "@/lib/api/schemas";
import { dataResponse } from "@/lib/api/respond";
import { getInactivityMinutes, inactivitySchema, setInactivityMinutes } from "@/lib/answering/inactivity";

// GET / PUT /api/v1/settings/inactivity — minutes of visitor silence after which a conversation closes itself.
export const GET = withApiKey(async (_req, { caller }) =>
  dataResponse(inactivitySettingSchema, { inactivityMinutes: await getInactivityMinutes(caller.tenantId) }),
);

export const PUT = withApiKey(async (req, { caller }) => {
  const input = inactivitySchema.parse(await readJson(req));
  return dataResponse(inactivitySettingSchema, {
    inactivityMinutes: await setInactivityMinutes(caller.tenantId, input),
  });
});
