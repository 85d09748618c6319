import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";

// Read at request time: the public URL is configuration of the running server, not of the build.
export const dynamic = "force-dynamic";

// GET /api/v1/openapi.json — the REST API's OpenAPI 3.1 description. Public: it holds no tenant data.
export function GET() {
  return NextResponse.json(openApiDocument({ serverUrl: env().KEFU_PUBLIC_URL }));
}
