import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { KefuError, type ErrorCode } from "../../errors";
import type { ParseReply } from "./parse-worker";
import type { ImportItem } from "./types";
import { childProcessEnv, envVar } from "../../env";
import { log } from "../../log";

const ENTRY = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "lib", "knowledge", "import", "parse-worker.ts");

export const PARSE_TIME_LIMIT_MS = envVar("KEFU_IMPORT_PARSE_TIMEOUT_MS");
// A crafted PDF whose stream inflates to gigabytes took the server to 6.4 GB: a worker thread's heap limit does not
// cover native memory (buffers). The reader runs in a process of its own whose data segment the kernel caps
// (RLIMIT_DATA, counting the heap and every writable private mapping), and whose CPU time it caps too.
export const PARSE_MEMORY_MB = envVar("KEFU_IMPORT_PARSE_MEMORY_MB");
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
let hasPrlimit: boolean | undefined;

/** The command that starts the reader under the OS limits (prlimit from util-linux), or without them if absent. */
function readerCommand(timeoutMs: number): [string, string[]] {
  const node = [process.execPath, "--import", "tsx", ENTRY];
  hasPrlimit ??= spawnSync("prlimit", ["--version"], { stdio: "ignore" }).status === 0;
  if (!hasPrlimit) {
    log.warn("prlimit (util-linux) not found: document imports are read without an OS memory limit");
    return [node[0], node.slice(1)];
  }
  const cpuSeconds = Math.max(2, Math.ceil(timeoutMs / 1000));
  return ["prlimit", [`--data=${PARSE_MEMORY_MB * 1024 * 1024}`, `--cpu=${cpuSeconds}`, "--core=0", "--", ...node]];
}

const outOfMemory = (format: "pdf" | "docx") =>
  new KefuError(
    "too_long",
    `This ${label[format]} needs more than ${PARSE_MEMORY_MB} MB of memory to read (a compressed stream in it unpacks to far more than the file), so it was refused: split it into smaller files`,
  );

/**
 * The entries of a PDF or DOCX (`title` names the document in its chunks' titles), read in a child process so a
 * large or hostile file never blocks the server's event loop nor takes its memory. The process is killed at the
 * time limit and the caller gets an error saying so; one that hits its memory limit or crashes is an error too.
 */
export async function readDocumentOffThread(
  format: "pdf" | "docx",
  bytes: Uint8Array,
  title: string,
  timeoutMs = PARSE_TIME_LIMIT_MS,
): Promise<ImportItem[]> {
  const release = await slot();
  try {
    return await new Promise<ImportItem[]>((resolve, reject) => {
      const [command, args] = readerCommand(timeoutMs);
      const child = spawn(command, args, {
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        serialization: "advanced",
        env: childProcessEnv({ NODE_OPTIONS: "" }),
      });
      let stderr = "";
      child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.kill("SIGKILL");
        fn();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new KefuError(
                "too_long",
                `Reading this ${label[format]} took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}, so it was stopped: split it into smaller files and import them one by one`,
              ),
            ),
          ),
        timeoutMs,
      );
      child.once("message", (reply: ParseReply) =>
        finish(() => {
          if (reply.ok) return resolve(reply.items);
          if (reply.outOfMemory) return reject(outOfMemory(format));
          reject(
            new KefuError(
              (reply.code as ErrorCode) in errorCodes ? (reply.code as ErrorCode) : "bad_request",
              reply.message,
            ),
          );
        }),
      );
      child.once("error", (err) =>
        finish(() => reject(new KefuError("internal", `The ${label[format]} reader could not start: ${err.message}`))),
      );
      child.once("exit", (code, signal) =>
        finish(() => {
          // the kernel's limits end it with an allocation failure (abort) or SIGXCPU/SIGKILL for CPU time
          // (V8 also dies of SIGSEGV/SIGABRT/SIGTRAP when the kernel refuses it memory)
          if (
            /out of memory|allocation failed|heap limit/i.test(stderr) ||
            ["SIGSEGV", "SIGABRT", "SIGTRAP", "SIGBUS"].includes(signal ?? "")
          ) {
            return reject(outOfMemory(format));
          }
          if (signal === "SIGXCPU" || signal === "SIGKILL")
            return reject(
              new KefuError(
                "too_long",
                `Reading this ${label[format]} used more than its CPU time, so it was stopped: split it into smaller files`,
              ),
            );
          log.error(
            `${label[format]} reader stopped (${signal ?? `exit code ${code}`}): ${stderr.split("\n").slice(-5).join(" | ")}`,
          );
          reject(new KefuError("bad_request", `The ${label[format]} could not be read`));
        }),
      );
      child.send({ format, bytes, title });
    });
  } finally {
    release();
  }
}

const errorCodes = { bad_request: 1, too_long: 1 } as Record<string, number>;
