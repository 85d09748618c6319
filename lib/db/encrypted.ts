// Encryption at rest through Prisma (docs/encryption.md): with a key configured, the fields below are sealed before
// every write and every sealed string in any result is opened, however it was reached (select, include, nested).
// Raw SQL does not pass here: lib/conversations/append-batch.ts seals message text itself, and a search over these
// fields cannot run in SQL (see lib/conversations/search-memory.ts).
import { open, seal } from "../crypto/envelope";
import { keyRing } from "../crypto/keys";
import type { PrismaClient } from "./generated/client";

/** The encrypted fields of each model. Notes are messages (internal), so message text covers them. */
export const SEALED_FIELDS: Record<string, readonly string[]> = {
  Message: ["text"],
  // phone: added by the left-messages work; listed here so its values are sealed once that field exists
  Visitor: ["name", "email", "phone"],
  OfflineMessage: ["name", "email", "phone", "text"],
  Conversation: ["summary", "ratingComment"],
};

const WRITES = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
]);

function sealData(data: unknown, fields: readonly string[]) {
  if (Array.isArray(data)) return void data.forEach((d) => sealData(d, fields));
  if (!data || typeof data !== "object") return;
  const row = data as Record<string, unknown>;
  for (const f of fields) {
    const v = row[f];
    if (typeof v === "string") row[f] = seal(v);
    // { set: "…" } is Prisma's other spelling of an update
    else if (v && typeof v === "object" && typeof (v as { set?: unknown }).set === "string")
      row[f] = { set: seal((v as { set: string }).set) };
  }
}

/** Opens every sealed string of a query result in place (plain objects and arrays only: Dates and Buffers stay). */
export function openDeep<T>(value: T): T {
  if (typeof value === "string") return open(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = openDeep(value[i]);
    return value;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const row = value as Record<string, unknown>;
    for (const k in row) row[k] = openDeep(row[k]);
  }
  return value;
}

export function withEncryption(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const fields = SEALED_FIELDS[model];
          if (fields && WRITES.has(operation) && keyRing()) {
            const a = args as { data?: unknown; create?: unknown; update?: unknown };
            sealData(a.data, fields);
            sealData(a.create, fields);
            sealData(a.update, fields);
          }
          return openDeep(await query(args));
        },
      },
    },
  }) as unknown as PrismaClient;
}
