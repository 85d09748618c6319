// GET /api/admin/models — the catalog, the files in the models folder, downloads, the loaded models and their memory.
// POST /api/admin/models — one action: download | cancel | use | clear | load | unload | remove | speed-test.
// The models folder is the server's, shared by every tenant: any admin may look, only the server's own workspace acts
// (lib/tenants/operator.ts). File names are checked in lib/llm/settings.ts.
import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, withSession } from "@/lib/auth/caller";
import { cancelDownload, removeModel, startDownload, useModel } from "@/lib/llm/model-file";
import {
  modelsState,
  processEmbedder,
  processEngine,
  startLoad,
  unloadModel,
  useEmbedding,
} from "@/lib/llm/engine-view";
import { modelFileNameSchema, updateSettings } from "@/lib/llm/settings";
import { speedTest } from "@/lib/llm/speed-test";
import { requireOperator } from "@/lib/tenants/operator";

const id = z.string().min(1).max(100);
const target = z.enum(["chat", "embedding"]).default("chat");
const actionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("download"), id }),
  z.object({ action: z.literal("cancel"), id }),
  z.object({ action: z.literal("use"), file: modelFileNameSchema, as: z.enum(["chat", "light", "embedding"]) }),
  z.object({ action: z.literal("clear"), as: z.enum(["light", "embedding"]) }),
  z.object({ action: z.literal("load"), file: modelFileNameSchema, target }),
  z.object({ action: z.literal("unload"), target }),
  z.object({ action: z.literal("remove"), file: modelFileNameSchema }),
  z.object({
    action: z.literal("speed-test"),
    system: z.string().max(20_000).optional(),
    question: z.string().max(2_000).optional(),
    maxTokens: z.number().int().min(2).max(512).default(64),
  }),
]);

export const GET = withSession("admin", async () => NextResponse.json(modelsState()));

export const POST = withSession("admin", async (req, { caller }) => {
  await requireOperator(caller);
  const input = actionSchema.parse(await readJson(req));
  const e = processEngine();
  const emb = processEmbedder();
  if (input.action === "speed-test") {
    return NextResponse.json({
      speedTest: await speedTest(e ?? { status: "none", threads: 0, load: async () => {} }, input),
    });
  }
  switch (input.action) {
    case "download":
      startDownload(input.id);
      break;
    case "cancel":
      cancelDownload(input.id);
      break;
    case "use":
      if (input.as === "embedding") useEmbedding(input.file, emb);
      else useModel(input.file, { light: input.as === "light" });
      break;
    case "clear":
      updateSettings({ [input.as]: null });
      break;
    case "load":
      startLoad(input.file, input.target === "embedding" ? emb : e, undefined, input.target);
      break;
    case "unload":
      await unloadModel(input.target === "embedding" ? emb : e);
      break;
    case "remove": {
      const loaded = [e, emb].filter((x) => x && x.status !== "none" && x.modelPath).map((x) => x!.modelPath!);
      removeModel(input.file, { loadedPath: loaded });
      break;
    }
  }
  return NextResponse.json(modelsState(), {
    status: input.action === "download" || input.action === "load" ? 202 : 200,
  });
});
