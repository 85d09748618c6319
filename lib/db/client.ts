import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

// Next bundles route handlers separately from server.ts: keep one client per process on globalThis.
const g = globalThis as unknown as { __kefuPrisma?: PrismaClient };

export function db(): PrismaClient {
  if (!g.__kefuPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Kefu through server.ts or the CLI");
    g.__kefuPrisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  }
  return g.__kefuPrisma;
}

export async function disconnectDb() {
  await g.__kefuPrisma?.$disconnect();
  g.__kefuPrisma = undefined;
}

export type { PrismaClient };
