// The admin routes' wrappers (lib/auth/caller.ts) record every state change they let through, so that no admin
// mutation can be added without its audit row: who (user or API key), when, from where, what (route, ids, the body
// sent with secrets redacted).
import { type AuditActor, recordAudit } from "./index";

const VERBS: Record<string, string> = { POST: "create", PUT: "update", PATCH: "update", DELETE: "delete" };
// not state changes (a search, a playground answer), recorded by their own domain with a better diff, or not an admin
// action at all: customer events are the tenant's systems feeding a customer's data in, which an erasure must remove,
// and the log can never delete what it copied
const NOT_AUDITED = [
  /^\/api\/v1\/knowledge\/search/,
  /^\/api\/admin\/playground/,
  /^\/api\/v1\/visitors\//,
  /^\/api\/admin\/privacy\//,
  /^\/api\/(admin|v1)\/settings\/retention$/,
  /^\/api\/v1\/events$/,
];
// recorded (who sent a message into which conversation, when) without the body: the text belongs to the conversation,
// where an erasure can reach it
const BODY_NOT_KEPT = [/^\/api\/v1\/conversations\/[^/]+\/messages$/];
const SECRET_FIELD = /pass|secret|token|key$/i;
const MAX_BODY = 64 * 1024;

export function audited(req: Request): boolean {
  const { pathname } = new URL(req.url);
  return req.method in VERBS && !NOT_AUDITED.some((r) => r.test(pathname));
}

/** The request body as the diff, read from a clone before the handler consumes the original; files by size only. */
export async function auditBody(req: Request): Promise<unknown> {
  if (BODY_NOT_KEPT.some((r) => r.test(new URL(req.url).pathname))) return undefined;
  const type = req.headers.get("content-type") ?? "";
  const length = Number(req.headers.get("content-length") ?? 0);
  if (!type.includes("application/json") || length > MAX_BODY)
    return length ? { contentType: type.split(";")[0], bytes: length } : undefined;
  try {
    const text = await req.clone().text();
    return text ? redact(JSON.parse(text)) : undefined;
  } catch {
    return undefined; // a body that is not JSON is refused by the handler itself; nothing to record as a change
  }
}

function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.slice(0, 100).map(redact);
  if (!v || typeof v !== "object") return typeof v === "string" && v.length > 2000 ? `${v.slice(0, 2000)}…` : v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, SECRET_FIELD.test(k) && typeof x === "string" ? "[redacted]" : redact(x)]),
  );
}

/** `/api/admin/knowledge/entries/abc` + PATCH → `knowledge.entries.update`, target `abc`. */
export async function recordRequestAudit(
  tenantId: string,
  actor: AuditActor,
  req: Request,
  params: Record<string, string>,
  body: unknown,
) {
  const { pathname } = new URL(req.url);
  const ids = new Set(Object.values(params));
  const resource = pathname
    .replace(/^\/api\/(admin|v1)\//, "")
    .split("/")
    .filter((s) => s && !ids.has(decodeURIComponent(s)))
    .join(".");
  const target = Object.values(params).join("/") || null;
  await recordAudit(tenantId, actor, `${resource}.${VERBS[req.method]}`, target, body);
}
