// Imported first by server.ts: imports are evaluated in order, so a bad variable stops Kefu with a message naming it
// before any other module is loaded and before anything (data folder, database, model) is created.
import { checkEnv } from "../env";
import { log } from "../log";

try {
  checkEnv();
} catch (err) {
  log.error(`failed to start: ${(err as Error).message}`);
  process.exit(1);
}
