import { env, setEnvVar } from "../env";
import { startEmbeddedPostgres } from "./embedded";
import { migrate } from "./migrate";

/** Resolves the database: the given DATABASE_URL, or an embedded PostgreSQL; then applies migrations. */
export async function startDatabase(
  log: (m: string) => void,
): Promise<{ url: string; embedded: boolean; stop: () => Promise<void> }> {
  const given = env().DATABASE_URL;
  if (given) {
    await migrate(given, log);
    return { url: given, embedded: false, stop: async () => {} };
  }
  const pg = await startEmbeddedPostgres(env().KEFU_DATA_DIR, log);
  setEnvVar("DATABASE_URL", pg.url);
  await migrate(pg.url, log);
  return { url: pg.url, embedded: true, stop: pg.stop };
}
