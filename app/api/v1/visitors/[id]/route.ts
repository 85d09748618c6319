import { withApiKey } from "@/lib/auth/caller";
import { visitorErasedSchema } from "@/lib/api/schemas-privacy";
import { dataResponse } from "@/lib/api/respond";
import { apiKeyActor } from "@/lib/api/actor";
import { eraseVisitorData } from "@/lib/privacy";

// DELETE /api/v1/visitors/:id — erase a visitor (id or externalId) and every row about them; audited without PII.
export const DELETE = withApiKey(async (req, { caller, params }) =>
  dataResponse(visitorErasedSchema, await eraseVisitorData(caller.tenantId, apiKeyActor(req, caller.keyId), params.id)),
);
