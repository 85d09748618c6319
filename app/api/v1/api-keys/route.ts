import { z } from "zod";
import { withApiKey } from "@/lib/auth/caller";
import { apiKeySchema } from "@/lib/api/schemas-team";
import { dataResponse } from "@/lib/api/respond";
import { listApiKeys } from "@/lib/tenants/api-keys";

// GET /api/v1/api-keys — the tenant's working keys (prefix, label, created, last used; never the key).
export const GET = withApiKey(async (_req, { caller }) =>
  dataResponse(z.array(apiKeySchema), await listApiKeys(caller.tenantId)),
);
