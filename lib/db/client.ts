import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { endPool, pool } from "./pool";

// Next bundles route handlers separately from server.ts: keep one client per process on globalThis.
const g = globalThis as unknown as { __kefuPrisma?: PrismaClient };

export function db(): PrismaClient {
  if (!g.__kefuPrisma) {
    g.__kefuPrisma = new PrismaClient({ adapter: new PrismaPg(pool()) });
  }
  return g.__kefuPrisma;
}

export async function disconnectDb() {
  await g.__kefuPrisma?.$disconnect();
  g.__kefuPrisma = undefined;
  await endPool();
}

export type { PrismaClient };
