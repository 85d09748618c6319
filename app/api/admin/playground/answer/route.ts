// POST /api/admin/playground/answer — the bot's answer to a question, streamed as plain text. Nothing stored.
import { readJson, withSession } from "@/lib/auth/caller";
import { playgroundAnswer, playgroundInputSchema } from "@/lib/answering/answer-playground";

export const POST = withSession("admin", async (req, { caller }) => {
  const input = playgroundInputSchema.parse(await readJson(req));
  const stream = await playgroundAnswer(caller.tenantId, input, req.signal);
  return new Response(stream, {
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
});
