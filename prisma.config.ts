import { defineConfig } from "prisma/config";

// Only `prisma generate` is used; Kefu applies prisma/migrations itself (lib/db/migrate.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/kefu" },
});
