// GET /api/widget/config?key=pk_… — the bot's public look for the loader on the customer's page (CORS). A page
// whose origin the bot does not allow gets 403, and the loader draws nothing.
import { NextResponse } from "next/server";
import { getBotByPublicKey } from "@/lib/bots";
import { errorResponse } from "@/lib/auth/caller";
import { KefuError } from "@/lib/errors";
import { originAllowed, publicWidgetConfig } from "@/app/widget/access";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const origin = req.headers.get("origin");
  const cors = { "access-control-allow-origin": origin ?? "*", vary: "Origin", "cache-control": "no-store" };
  try {
    const key = new URL(req.url).searchParams.get("key") ?? "";
    const bot = key && key.length <= 100 ? await getBotByPublicKey(key) : undefined;
    if (!bot) throw new KefuError("not_found", "This widget key does not belong to any bot");
    // no Origin header: not a cross-origin browser request (Kefu's own pages, or a server); the frame and the
    // socket still enforce the list for pages
    if (origin && !originAllowed(bot.allowedOrigins, origin)) {
      return NextResponse.json(
        {
          error: {
            code: "origin_not_allowed",
            message: `This chat may not be shown on ${origin}: add it to the bot's allowed origins`,
          },
        },
        { status: 403, headers: cors },
      );
    }
    return NextResponse.json({ config: publicWidgetConfig(bot) }, { headers: cors });
  } catch (err) {
    const res = errorResponse(err, "GET /api/widget/config");
    for (const [k, v] of Object.entries(cors)) res.headers.set(k, v);
    return res;
  }
}
