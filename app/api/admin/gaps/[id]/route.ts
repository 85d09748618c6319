// DELETE /api/admin/gaps/:id — dismiss an open gap; another tenant's id answers 404 like a missing one.
import { withSession } from "@/lib/auth/caller";
import { dismissGap } from "@/lib/knowledge/gaps";

export const DELETE = withSession("admin", async (_req, { caller, params }) => {
  await dismissGap(caller.tenantId, params.id);
  return new Response(null, { status: 204 });
});
