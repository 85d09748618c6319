import { z } from "zod";
import { db } from "../db/client";
import { KefuError, MAX_MESSAGE_CHARS } from "../errors";

export const cannedInputSchema = z.object({
  shortcut: z
    .string()
    .trim()
    .transform((s) => s.replace(/^\//, "").toLowerCase())
    .pipe(z.string().regex(/^[\p{L}\p{N}_-]{1,30}$/u, "use 1–30 letters, digits, - or _ (typed as /shortcut)")),
  text: z
    .string()
    .trim()
    .min(1, "the reply is empty")
    .max(MAX_MESSAGE_CHARS, `at most ${MAX_MESSAGE_CHARS} characters`),
});
export type CannedInput = z.infer<typeof cannedInputSchema>;

const select = { id: true, shortcut: true, text: true, updatedAt: true } as const;

function conflictOnDuplicate(shortcut: string) {
  return (err: unknown): never => {
    if ((err as { code?: string }).code === "P2002")
      throw new KefuError("conflict", `The shortcut /${shortcut} is already used`);
    throw err;
  };
}

/** A tenant's canned replies, by shortcut. */
export function listCanned(tenantId: string) {
  return db().cannedReply.findMany({ where: { tenantId }, select, orderBy: { shortcut: "asc" } });
}

export async function createCanned(tenantId: string, input: unknown) {
  const data = cannedInputSchema.parse(input);
  return db()
    .cannedReply.create({ data: { tenantId, ...data }, select })
    .catch(conflictOnDuplicate(data.shortcut));
}

export async function updateCanned(tenantId: string, id: string, input: unknown) {
  const data = cannedInputSchema.parse(input);
  const { count } = await db()
    .cannedReply.updateMany({ where: { id, tenantId }, data })
    .catch(conflictOnDuplicate(data.shortcut));
  if (!count) throw new KefuError("not_found", "No such canned reply");
  return db().cannedReply.findFirstOrThrow({ where: { id, tenantId }, select });
}

export async function deleteCanned(tenantId: string, id: string) {
  const { count } = await db().cannedReply.deleteMany({ where: { id, tenantId } });
  if (!count) throw new KefuError("not_found", "No such canned reply");
}
