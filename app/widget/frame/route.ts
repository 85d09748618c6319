// GET /widget/frame?key=pk_… — the chat frame's page. Its frame-ancestors header lets only the bot's allowed
// origins show it (an unknown key gets a page that says so, from the socket's error).
import { getBotByPublicKey } from "@/lib/bots";
import { publicWidgetConfig } from "../access";
import { framePage } from "./frame-page";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const key = new URL(req.url).searchParams.get("key") ?? "";
  const bot =
    key && key.length <= 100
      ? await getBotByPublicKey(key).catch((err) => {
          console.error("[kefu] widget frame: reading the bot:", err);
          return undefined;
        })
      : undefined;
  const page = framePage(bot ? publicWidgetConfig(bot) : null, bot?.allowedOrigins ?? []);
  return new Response(page.html, { status: 200, headers: page.headers });
}
