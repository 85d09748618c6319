import { withSession } from "@/lib/auth/caller";
import { queryOf } from "@/lib/api/respond";
import { analyticsCsv, analyticsOf, analyticsQuerySchema } from "@/lib/analytics";

// GET /api/admin/analytics/csv?from=&to=&botId= — the analytics page's figures as a CSV download (admins).
export const GET = withSession("admin", async (req, { caller }) => {
  const query = analyticsQuerySchema.parse(queryOf(req));
  const data = await analyticsOf(caller.tenantId, query);
  const name = `kefu-analytics-${data.range.from.slice(0, 10)}-${data.range.to.slice(0, 10)}.csv`;
  return new Response(analyticsCsv(data), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
});
