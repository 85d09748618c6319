import { PrismaPg } from "@prisma/adapter-pg";
import { keyRing } from "../crypto/keys";
import { withEncryption } from "./encrypted";
import { PrismaClient } from "./generated/client";
import { endPool, pool } from "./pool";

// Next bundles route handlers separately from server.ts: keep one client per process on globalThis.
const g = globalThis as unknown as { __kefuPrisma?: PrismaClient };

export function db(): PrismaClient {
  if (!g.__kefuPrisma) {
    const client = new PrismaClient({ adapter: new PrismaPg(pool()) });
    // without a key the client is the plain one, exactly as before encryption existed
    g.__kefuPrisma = keyRing() ? withEncryption(client) : client;
  }
  return g.__kefuPrisma;
}

export async function disconnectDb() {
  await g.__kefuPrisma?.$disconnect();
  g.__kefuPrisma = undefined;
  await endPool();
}

export type { PrismaClient };
