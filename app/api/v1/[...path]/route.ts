import { NextResponse } from "next/server";

// Any other /api/v1 path: a JSON 404 in the API's error shape rather than Next's HTML page.
function notFound() {
  return NextResponse.json(
    { error: { code: "not_found", message: "No such endpoint: see /api/v1/openapi.json" } },
    { status: 404 },
  );
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
