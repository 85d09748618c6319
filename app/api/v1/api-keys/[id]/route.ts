import { withApiKey } from "@/lib/auth/caller";
import { revokedSchema } from "@/lib/api/schemas-team";
import { dataResponse } from "@/lib/api/respond";
import { revokeApiKey } from "@/lib/tenants/api-keys";

// DELETE /api/v1/api-keys/:id — revoke another key of the tenant (409 for the key making the request; 404 for another tenant's).
export const DELETE = withApiKey(async (_req, { caller, params }) =>
  dataResponse(revokedSchema, await revokeApiKey(caller.tenantId, params.id, caller.keyId)),
);
