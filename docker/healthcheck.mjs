// The image's HEALTHCHECK (and compose's): Kefu's /api/health answers 200 once the database and the server are up.
// Node rather than curl, which the slim image does not carry.
const port = process.env.PORT || "3000";
try {
  const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
