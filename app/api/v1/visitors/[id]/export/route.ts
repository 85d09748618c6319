import { withApiKey } from "@/lib/auth/caller";
import { visitorExportSchema } from "@/lib/api/schemas-privacy";
import { dataResponse } from "@/lib/api/respond";
import { apiKeyActor } from "@/lib/api/actor";
import { exportVisitorData } from "@/lib/privacy";

// GET /api/v1/visitors/:id/export — everything held about a visitor (id or externalId), as JSON; audited.
export const GET = withApiKey(async (req, { caller, params }) =>
  dataResponse(
    visitorExportSchema,
    await exportVisitorData(caller.tenantId, apiKeyActor(req, caller.keyId), params.id),
  ),
);
