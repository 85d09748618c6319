import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { KefuError, toKefuError } from "../errors";
import { assertSafeInput } from "../safe-text";
import { auditBody, audited, recordRequestAudit } from "../audit/from-request";
import { type Role, apiKeyOf } from "./identity";
import { authOptions } from "./options";
import { limitApiKey } from "../rate-limit/limits";
import { RateLimitedError } from "../rate-limit/error";

import { hasRole, userFromToken, type Caller } from "./resolve";

export { hasRole, type Caller };

export async function sessionCaller(): Promise<Extract<Caller, { kind: "user" }> | undefined> {
  const session = (await getServerSession(authOptions)) as { userId?: string; tenantId?: string; sv?: number } | null;
  const caller = await userFromToken(
    session ? { sub: session.userId, tenantId: session.tenantId, sv: session.sv } : null,
  );
  return caller as Extract<Caller, { kind: "user" }> | undefined;
}

/** For pages: the signed-in user with at least `role`, else off to the login page (or a 403 page). */
export async function requireUser(role: Role = "agent") {
  const caller = await sessionCaller();
  if (!caller) redirect("/login");
  if (!hasRole(caller.role, role)) redirect("/forbidden");
  return caller;
}

export function errorResponse(err: unknown, context: string) {
  if (err instanceof ZodError) {
    const detail = err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return NextResponse.json({ error: { code: "bad_request", message: detail } }, { status: 400 });
  }
  const e = toKefuError(err, context);
  const headers = e instanceof RateLimitedError ? { "retry-after": String(e.retryAfterS) } : undefined;
  return NextResponse.json({ error: e.toJSON() }, { status: e.status, headers });
}

export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.length > 1_000_000) throw new KefuError("too_long", "The request body is larger than 1 MB");
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new KefuError("invalid_json", "The request body is not valid JSON");
  }
  assertSafeInput(body);
  return body;
}

/** Path ids and query parameters: a NUL or broken text there is the caller's mistake, named, never a 500. */
function assertSafeUrlInput(req: Request, params: Record<string, string | string[]>) {
  assertSafeInput(params, "path");
  assertSafeInput(Object.fromEntries(new URL(req.url).searchParams), "query");
}

/** The TCP peer server.ts wrote (a client cannot forge it), with a proxy's X-Forwarded-For kept beside it as a claim. */
export function peerOf(req: Request): string | null {
  const peer = req.headers.get("x-kefu-peer") || null;
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded && peer ? `${peer} (for ${forwarded.slice(0, 64)})` : peer;
}

type Handler<C> = (req: Request, ctx: { caller: C; params: Record<string, string> }) => Promise<Response>;
type RouteCtx = { params: Promise<Record<string, string>> };

/** REST /api/v1: `Authorization: Bearer <api key>`. */
export function withApiKey(handler: Handler<Extract<Caller, { kind: "apiKey" }>>) {
  return async (req: Request, route: RouteCtx) => {
    try {
      const header = req.headers.get("authorization") ?? "";
      const key = header.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (!key) throw new KefuError("unauthorized", "Missing API key: send Authorization: Bearer <key>");
      const found = await apiKeyOf(key);
      if (!found) throw new KefuError("unauthorized", "The API key is wrong or revoked");
      await limitApiKey(key);
      const params = (await route?.params) ?? {};
      assertSafeUrlInput(req, params);
      const body = audited(req) ? await auditBody(req) : undefined;
      const res = await handler(req, { caller: { kind: "apiKey", tenantId: found.tenantId, keyId: found.id }, params });
      if (res.ok && audited(req))
        await recordRequestAudit(
          found.tenantId,
          { id: found.id, label: `api key ${found.id}`, address: peerOf(req) },
          req,
          params,
          body,
        );
      return res;
    } catch (err) {
      return errorResponse(err, `${req.method} ${new URL(req.url).pathname}`);
    }
  };
}

/** Admin/inbox routes: a signed-in user with at least `role`. */
export function withSession(role: Role, handler: Handler<Extract<Caller, { kind: "user" }>>) {
  return async (req: Request, route: RouteCtx) => {
    try {
      const caller = await sessionCaller();
      if (!caller) throw new KefuError("unauthorized", "Sign in first");
      if (!hasRole(caller.role, role)) throw new KefuError("forbidden", `This needs the ${role} role`);
      const params = (await route?.params) ?? {};
      assertSafeUrlInput(req, params);
      const body = audited(req) ? await auditBody(req) : undefined;
      const res = await handler(req, { caller, params });
      if (res.ok && audited(req))
        await recordRequestAudit(
          caller.tenantId,
          { id: caller.userId, label: caller.email, address: peerOf(req) },
          req,
          params,
          body,
        );
      return res;
    } catch (err) {
      return errorResponse(err, `${req.method} ${new URL(req.url).pathname}`);
    }
  };
}
