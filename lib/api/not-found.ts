import { NextResponse } from "next/server";

/** Any unknown path under an API prefix: a JSON 404 in the API's error shape rather than Next's HTML page. */
export function apiNotFound() {
  return NextResponse.json({ error: { code: "not_found", message: "No such endpoint" } }, { status: 404 });
}
