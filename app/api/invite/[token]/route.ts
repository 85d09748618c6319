// POST /api/invite/:token { password } — a one-time link sets its member's password (no session: the token is the proof).
import { NextResponse } from "next/server";
import { errorResponse, readJson } from "@/lib/auth/caller";
import { acceptLink } from "@/lib/tenants/invitations";

export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }) {
  try {
    const { token } = await params;
    return NextResponse.json(await acceptLink(token, await readJson(req)));
  } catch (err) {
    return errorResponse(err, "POST /api/invite");
  }
}
