// Imported first by server.ts: imports are evaluated in order, so a bad variable stops Kefu with a message naming it
// before any other module is loaded and before anything (data folder, database, model) is created.
import { keyRing } from "../crypto/keys";
import { checkEnv } from "../env";
import { log } from "../log";

try {
  checkEnv();
  keyRing(); // a short key or an unreadable key file stops Kefu here, not at the first message
} catch (err) {
  log.error(`failed to start: ${(err as Error).message}`);
  process.exit(1);
}
