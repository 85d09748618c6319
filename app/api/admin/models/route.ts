// GET /api/admin/models — the catalog, the files in the models folder, downloads and the loaded model.
// POST /api/admin/models — one action: download | cancel | use | load | unload | remove.
// The models folder is the server's, shared by every tenant; file names are checked in lib/llm/settings.ts.
import { NextResponse } from "next/server";
import { z } from "zod";
import { readJson, withSession } from "@/lib/auth/caller";
import { cancelDownload, modelsState, processEngine, removeModel, startDownload, startLoad, unloadModel, useModel } from "@/lib/llm/model-file";
import { modelFileNameSchema } from "@/lib/llm/settings";

const id = z.string().min(1).max(100);
const actionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("download"), id }),
  z.object({ action: z.literal("cancel"), id }),
  z.object({ action: z.literal("use"), file: modelFileNameSchema, as: z.enum(["chat", "light"]) }),
  z.object({ action: z.literal("load"), file: modelFileNameSchema }),
  z.object({ action: z.literal("unload") }),
  z.object({ action: z.literal("remove"), file: modelFileNameSchema }),
]);

export const GET = withSession("admin", async () => NextResponse.json(modelsState()));

export const POST = withSession("admin", async (req) => {
  const input = actionSchema.parse(await readJson(req));
  const e = processEngine();
  switch (input.action) {
    case "download":
      startDownload(input.id);
      break;
    case "cancel":
      cancelDownload(input.id);
      break;
    case "use":
      useModel(input.file, { light: input.as === "light" });
      break;
    case "load":
      startLoad(input.file, e);
      break;
    case "unload":
      await unloadModel(e);
      break;
    case "remove":
      removeModel(input.file, { loadedPath: e?.status === "none" ? undefined : e?.modelPath });
      break;
  }
  return NextResponse.json(modelsState(), { status: input.action === "download" || input.action === "load" ? 202 : 200 });
});
