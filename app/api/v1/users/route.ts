import { z } from "zod";
import { withApiKey } from "@/lib/auth/caller";
import { memberSchema } from "@/lib/api/schemas-team";
import { dataResponse } from "@/lib/api/respond";
import { listTeam } from "@/lib/tenants/team";

// GET /api/v1/users — the tenant's members with role, status and last seen.
export const GET = withApiKey(async (_req, { caller }) =>
  dataResponse(z.array(memberSchema), await listTeam(caller.tenantId)),
);
