import { NextResponse } from "next/server";
import type { z } from "zod";

/**
 * `{ data }` with the value parsed through its public schema: nothing leaves that the schema does not name. The
 * value is `unknown` because the database's types are looser than the wire's (a status column is a string); the
 * parse is the check.
 */
export function dataResponse(schema: z.ZodType, value: unknown, status = 200) {
  const parsed = schema.safeParse(value);
  // a response that does not match its schema is our bug, not the caller's: a plain Error answers 500
  if (!parsed.success) throw new Error(`response does not match its schema: ${parsed.error.message}`);
  return NextResponse.json({ data: parsed.data }, { status });
}

/** The query string as an object for a zod schema (the last value wins for a repeated name). */
export function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}
