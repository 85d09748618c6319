import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { disconnectDb } from "../db/client";
import { MIGRATIONS_DIR } from "../db/migrate";
import { startDatabase } from "../db/start";
import { KefuError } from "../errors";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Runs `work` against the server's database: DATABASE_URL when set, else the embedded PostgreSQL in KEFU_DATA_DIR
 * (reused when a running server started it; otherwise started here and stopped again before returning).
 * Progress goes to stderr so that stdout carries only the result.
 */
export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  // The migrations and the default data folder are found from the working directory, as the server finds them.
  // From anywhere else (`npx kefu` keeps the caller's subdirectory) we would create a second, empty database.
  if (!fs.existsSync(MIGRATIONS_DIR)) {
    throw new KefuError(
      "bad_request",
      `run kefu from the Kefu project directory (cd ${PROJECT_ROOT}), or use: npm run kefu -- …`,
    );
  }
  const database = await startDatabase((m) => process.stderr.write(`[kefu] ${m}\n`));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= disconnectDb()
      // a client that cannot disconnect cleanly must not keep the database we started from stopping
      .catch(() => {})
      .then(() => database.stop()));
  // Ctrl-C must not leave an embedded Postgres we started running, nor its runtime file behind; the exit comes
  // before the failing query's error is printed
  const interrupt = () => void stop().finally(() => process.exit(130));
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  try {
    return await work();
  } finally {
    await stop();
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
  }
}
