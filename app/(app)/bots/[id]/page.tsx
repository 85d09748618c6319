import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/caller";
import { getBot } from "@/lib/bots";
import { embedSnippet } from "@/lib/bots/embed";
import { KefuError } from "@/lib/errors";
import { listKnowledgeBases } from "@/lib/knowledge";
import { BotForm } from "@/components/admin/bot-form";
import { EmbedSnippet } from "@/components/admin/embed-snippet";
import { WidgetSecret } from "@/components/admin/widget-secret";
import { getWidgetSecret } from "@/lib/tenants/widget-secret";

async function findBot(tenantId: string, id: string) {
  try {
    return await getBot(tenantId, id);
  } catch (err) {
    if (err instanceof KefuError && err.code === "not_found") return undefined;
    throw err;
  }
}

export default async function BotPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("admin");
  const { id } = await params;
  const bot = await findBot(user.tenantId, id);
  if (!bot) notFound();
  const kbs = await listKnowledgeBases(user.tenantId);
  return (
    <div className="max-w-3xl space-y-8">
      <div>
        <Link href="/bots" className="text-sm text-indigo-600 hover:underline">← Bots</Link>
        <h1 className="mt-1 text-xl font-semibold" data-testid="bot-title">{bot.name}</h1>
      </div>
      <BotForm
        bot={bot}
        knowledgeBases={kbs.map((k) => ({ id: k.id, name: k.name, entries: k._count.entries }))}
      />
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="font-medium">Put the chat on your site</h2>
        <p className="mt-1 text-sm text-slate-600">
          Paste this tag before <code>&lt;/body&gt;</code> on every page that should show the chat button.
        </p>
        <EmbedSnippet snippet={embedSnippet(bot.publicKey)} />
        <p className="mt-3 text-sm">
          <Link href="/demo" className="text-indigo-600 hover:underline" data-testid="demo-link">Try it on the demo page →</Link>
        </p>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 className="font-medium">Identify signed-in visitors</h2>
        <p className="mt-1 text-sm text-slate-600">
          With this secret your site can tell the widget who is signed in, so they see their history on every device.
          It is the same for all bots of your workspace.
        </p>
        <WidgetSecret secret={await getWidgetSecret(user.tenantId)} />
      </section>
    </div>
  );
}
