import { requireUser } from "@/lib/auth/caller";
import { listBots } from "@/lib/bots";
import { Playground } from "@/components/admin/playground";

export default async function PlaygroundPage() {
  const user = await requireUser("admin");
  const bots = await listBots(user.tenantId);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Playground</h1>
        <p className="mt-1 text-sm text-slate-600">
          Ask a bot a question and see how it answers: the entries it finds, the prompt it uses, its decision and the answer.
          Nothing here is stored as a conversation.
        </p>
      </div>
      {bots.length ? (
        <Playground bots={bots.map((b) => ({ id: b.id, name: b.name }))} />
      ) : (
        <p className="text-sm text-slate-500">This workspace has no bot yet.</p>
      )}
    </div>
  );
}
