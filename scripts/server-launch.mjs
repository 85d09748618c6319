// How the production server process is started: by `npm start` (scripts/start.mjs, also the Docker image's CMD) and
// by `npm run bench:chat` (bench/chat-procs.ts), so the figures the bench prints are what a user gets.
// Everything here is about the server's memory: 10,000 idle widget connections must fit in 600 MB, and the server's
// own baseline was ≈ 430 MB of it. Each choice below, with what it saved at start on the 2-core bench machine:
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build, stop } from "esbuild";

export const SERVER_BUNDLE = path.join(".next", "kefu-server.mjs");

/**
 * server.ts and lib/ as one plain ES module, run by node without tsx (≈ 90 MB): tsx's loader runs in a thread of
 * its own with its own V8 heap, and keeps every transformed file and its source map in memory (heap after start
 * 114 → 61 MB). Packages stay external (node_modules resolves as before); Next's route bundles are unchanged.
 * The CLI, `npm run dev`, the tests and the inference child still run the TypeScript through tsx.
 */
export async function bundleServer(root = process.cwd()) {
  await build({
    absWorkingDir: root,
    entryPoints: ["server.ts"],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
    banner: { js: "// built from server.ts by scripts/server-launch.mjs at start: edit the sources, not this file" },
  });
  stop(); // esbuild's service process would stay next to the server for nothing
  return path.join(root, SERVER_BUNDLE);
}

/**
 * V8 flags of the server process.
 * - `--heap-growing-percent=50`: V8 grows the old generation by up to 2× after each major GC and keeps the pages; a
 *   burst of widget handshakes left the heap at twice its live size for good (10,000 idle widgets: 454 → 837–980 MB
 *   without it). 1.5× keeps it near the live size. 1.2× (used before) held it lower still but made GC a quarter of the
 *   server's CPU under message load: 110–122 µs of server CPU per message against 91–93 µs with 1.5× (bench:chat).
 * - no TurboFan tier-up for WebAssembly (≈ 65 MB): the only wasm in the server is Prisma's query compiler; tiering
 *   its hot functions up took ≈ 65 MB of compiler memory that the allocator keeps. Liftoff code is slower, but a
 *   widget handshake (4 Prisma queries) measured the same server CPU with and without it (3.3–3.5 ms), and no
 *   message goes through Prisma (lib/conversations/append-batch.ts speaks SQL).
 * - `--v8-pool-size`: V8's background threads, not more than the cores (each thread's allocator arena and stack).
 */
export function serverNodeFlags() {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return [
    "--heap-growing-percent=50",
    "--no-wasm-tier-up",
    "--no-wasm-dynamic-tiering",
    `--v8-pool-size=${Math.max(2, Math.min(4, cores))}`,
  ];
}

/**
 * Environment of the server process, on top of the caller's.
 * - `MALLOC_ARENA_MAX=2` (≈ 20–40 MB): glibc gives each thread that allocates its own 64 MB arena and returns little
 *   of it; two arenas are plenty for one event loop and a few helper threads. A value the user set wins.
 * - Next's configuration from the build (≈ 45 MB): for next.config.ts, Next's production server loads its SWC
 *   compiler (23 MB of native code plus its threads and heap) only to transpile the config file at every start.
 *   The build already wrote the resolved configuration to .next/required-server-files.json; Next's standalone
 *   server hands it over the same way (`__NEXT_PRIVATE_STANDALONE_CONFIG`). Used only when that build was made in
 *   this folder (its paths are absolute), otherwise Next reads next.config.ts as usual.
 */
export function serverEnv(root = process.cwd()) {
  const env = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX || "2",
  };
  try {
    const files = JSON.parse(fs.readFileSync(path.join(root, ".next", "required-server-files.json"), "utf8"));
    if (files.config && path.resolve(files.appDir ?? "") === path.resolve(root))
      env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(files.config);
  } catch {
    /* no build yet, or another layout: Next loads next.config.ts itself */
  }
  return env;
}
