import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { KefuError, type ErrorCode } from "../../errors";
import type { ParseReply } from "./parse-worker";
import type { ImportItem } from "./types";
import { envVar } from "../../env";

const WORKER_ENTRY = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "lib", "knowledge", "import", "parse-worker.ts");
// A worker does not inherit the parent's TypeScript loader (and `--import tsx` in its execArgv does not reach its
// entry module on Node 20), so it registers tsx itself before loading the reader.
const BOOT = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(WORKER_ENTRY).href)}); })`;

export const PARSE_TIME_LIMIT_MS = envVar("KEFU_IMPORT_PARSE_TIMEOUT_MS");
// pdf.js keeps a document's objects in memory; a crafted file must not take the server's memory with it
const WORKER_HEAP_MB = 512;
// two cores: at most two documents are read at once, the rest wait their turn
const MAX_PARALLEL = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

const label = { pdf: "PDF", docx: "DOCX" } as const;

/**
 * The entries of a PDF or DOCX (`title` names the document in its chunks' titles), read in a worker thread so a large or hostile file never blocks the server's event
 * loop (every visitor's socket and every HTTP request share it). The worker is killed at the time limit and the
 * caller gets an error saying so; a worker that runs out of memory or crashes is an error too, never a hang.
 */
export async function readDocumentOffThread(format: "pdf" | "docx", bytes: Uint8Array, title: string, timeoutMs = PARSE_TIME_LIMIT_MS): Promise<ImportItem[]> {
  const release = await slot();
  try {
    return await new Promise<ImportItem[]>((resolve, reject) => {
      const worker = new Worker(BOOT, {
        eval: true,
        // the server's V8 flags (--heap-growing-percent) are not accepted by a worker
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        fn();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new KefuError("too_long", `Reading this ${label[format]} took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}, so it was stopped: split it into smaller files and import them one by one`)),
          ),
        timeoutMs,
      );
      worker.once("message", (reply: ParseReply) =>
        finish(() => (reply.ok ? resolve(reply.items) : reject(new KefuError((reply.code as ErrorCode) in errorCodes ? (reply.code as ErrorCode) : "bad_request", reply.message)))),
      );
      worker.once("error", (err) => {
        const oom = (err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
        if (!oom) console.error(`[kefu] ${label[format]} reader:`, err);
        finish(() => reject(new KefuError(oom ? "too_long" : "bad_request", oom ? `This ${label[format]} needs more than ${WORKER_HEAP_MB} MB of memory to read: split it into smaller files` : `The ${label[format]} could not be read`)));
      });
      worker.once("exit", (code) => finish(() => reject(new KefuError("internal", `The ${label[format]} reader stopped (exit code ${code})`))));
      const copy = new Uint8Array(bytes); // the worker gets its own copy, moved rather than cloned
      worker.postMessage({ format, bytes: copy, title }, [copy.buffer]);
    });
  } finally {
    release();
  }
}

const errorCodes = { bad_request: 1, too_long: 1 } as Record<string, number>;
