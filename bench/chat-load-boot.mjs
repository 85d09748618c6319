// Worker threads do not take `--import tsx`: register tsx here, then run the TypeScript worker.
import { register } from "tsx/esm/api";
register();
await import("./chat-load.ts");
