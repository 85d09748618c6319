// /demo: a pretend customer site carrying the demo tenant's widget snippet, to try the widget end to end.
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { sessionCaller } from "@/lib/auth/caller";
import { findBot, listBots } from "@/lib/bots";
import { envVar } from "@/lib/env";
import { getTenantBySlug } from "@/lib/tenants";
import { getWidgetSecret, signUserId } from "@/lib/tenants/widget-secret";
import { DemoAccount } from "./demo-account";

export const dynamic = "force-dynamic";
export const metadata = { title: "Demo Shop" };

const PRODUCTS = [
  { name: "Bamboo travel mug", price: "¥89", note: "Keeps tea hot for 6 hours" },
  { name: "Linen tote bag", price: "¥129", note: "Hand-stitched in Suzhou" },
  { name: "Porcelain tea set", price: "¥399", note: "Four cups and a pot" },
];

/** Where this Kefu is reached from: the configured public URL, else the host the browser asked for. */
async function kefuOrigin() {
  const configured = envVar("KEFU_PUBLIC_URL");
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") === "https" ? "https" : "http";
  // the Host header is the client's to choose: accept only a plain host[:port]
  return /^[a-z0-9.\-]+(:\d+)?$/i.test(host) ? `${proto}://${host}` : "http://localhost";
}

/**
 * `?bot=<id>` (the bot page's "try it on the demo page"): that bot, looked up in the signed-in caller's own workspace
 * only; anyone else, and an id that is not theirs, gets the Demo Shop's own bot.
 */
async function botToEmbed(wanted: string | undefined, demoTenantId: string | undefined) {
  const caller = wanted ? await sessionCaller() : undefined;
  const own = caller && wanted ? await findBot(caller.tenantId, wanted) : null;
  if (own) return own;
  return demoTenantId ? (await listBots(demoTenantId))[0] : undefined;
}

export default async function DemoShop({ searchParams }: { searchParams: Promise<{ bot?: string | string[] }> }) {
  const { bot: wanted } = await searchParams;
  const tenant = await getTenantBySlug("demo");
  const bot = await botToEmbed(typeof wanted === "string" ? wanted : undefined, tenant?.id);
  // the pretend signed-in customer is the Demo Shop's: a real workspace's secret never signs anyone on this page
  const demoBot = !!tenant && bot?.tenantId === tenant.id;
  const t = await getTranslations("demo");
  const src = `${await kefuOrigin()}/widget.js`;
  const snippet = bot ? `<script src="${src}" data-kefu-key="${bot.publicKey}" async></script>` : "";
  // a real shop signs on its server and never shows the secret; here the demo tenant's one pretend customer is
  // signed for anyone who opens the page, which is the point of a demo and gives nothing of a real tenant away
  const demoUser = { userId: "demo-customer-ada", name: "Ada", email: "ada@demo.kefu" };
  const signature = tenant && demoBot ? signUserId(await getWidgetSecret(tenant.id), demoUser.userId) : "";

  return (
    <div className="min-h-screen bg-amber-50 text-stone-800">
      <header className="border-b border-amber-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between px-6 py-4">
          <span className="text-xl font-semibold">Demo Shop</span>
          <nav className="flex gap-5 text-sm text-stone-600">
            <span>New in</span>
            <span>Tea</span>
            <span>Home</span>
            <span>Orders</span>
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-6 py-10">
        <h1 className="text-3xl font-semibold">Slow goods for everyday tea</h1>
        <p className="mt-2 text-stone-600">Free returns within 30 days. Orders ship within 24 hours.</p>
        <div className="mt-8 grid gap-4 sm:grid-cols-3">
          {PRODUCTS.map((p) => (
            <div key={p.name} className="rounded-lg border border-amber-200 bg-white p-4">
              <div className="mb-3 h-28 rounded bg-amber-100" />
              <div className="font-medium">{p.name}</div>
              <div className="text-sm text-stone-500">{p.note}</div>
              <div className="mt-2 font-semibold">{p.price}</div>
            </div>
          ))}
        </div>
        <section className="mt-12 rounded-lg border border-stone-200 bg-white p-5" data-testid="demo-about">
          <h2 className="font-semibold">{t("about")}</h2>
          {bot ? (
            <>
              <p className="mt-1 text-sm text-stone-600">{t.rich("embeds", { bot: bot.name, b: (c) => <b>{c}</b> })}</p>
              <pre
                className="mt-3 overflow-x-auto rounded bg-stone-900 p-3 text-xs text-stone-100"
                data-testid="demo-snippet"
              >
                {snippet}
              </pre>
              {demoBot && (
                <>
                  <p className="mt-4 text-sm text-stone-600">{t("identify")}</p>
                  <DemoAccount {...demoUser} signature={signature} />
                </>
              )}
            </>
          ) : (
            <p className="mt-1 text-sm text-red-700">{t("noBot")}</p>
          )}
        </section>
      </main>
      {bot && <script src={src} data-kefu-key={bot.publicKey} async />}
    </div>
  );
}
