// `npm run lint` (after Biome): the rules of the house that a linter does not know.
//  1. Layers (README, Layout): edges → domains → services; a file never imports from a higher layer, and the folders
//     of lib/ import each other without a loop.
//  2. No swallowed error (scripts/swallowed-errors.mjs): an empty `catch {}`, a `catch (e)` that never reads `e`, a
//     `.catch(() => {})` / `.catch(() => undefined)` or `.then(f, () => {})` says why ignoring the error is safe, in a
//     comment inside it or on the line before (or logs instead).
//  3. The server (server.ts, lib/, app/) reads the environment only through lib/env.ts (typed, validated at start);
//     browser code (widget/, components/) has no environment of its own.
//  4. Domains publish, they do not reach into socket.io: a domain imports lib/realtime only through its interface
//     (lib/realtime/index.ts), and only lib/realtime, the socket edge (lib/sockets, lib/server, server.ts) import
//     the socket.io server.
// Exits 1 with one line per problem. `checkArchitecture(root)` is exported for tests/architecture.test.ts.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { swallowedErrors } from "./swallowed-errors.mjs";

const EDGE = 3;
const DOMAIN = 2;
const SERVICE = 1;
const SHARED = 0;

/** Each part of the code and its layer; a new folder of lib/ must be added here. */
export const LAYERS = {
  app: EDGE,
  components: EDGE,
  "server.ts": EDGE,
  "lib/sockets": EDGE,
  "lib/cli": EDGE,
  "lib/server": EDGE, // server.ts's own helpers (ops routes, shutdown, secret)
  "lib/api": EDGE, // what the route handlers share (responses, OpenAPI)
  "lib/answering": DOMAIN,
  "lib/conversations": DOMAIN,
  "lib/knowledge": DOMAIN,
  "lib/bots": DOMAIN,
  "lib/tenants": DOMAIN,
  "lib/visitors": DOMAIN,
  "lib/analytics": DOMAIN,
  "lib/webhooks": DOMAIN,
  "lib/audit": SERVICE, // the append-only audit log (imports only lib/db); the admin wrappers in lib/auth record through it
  "lib/privacy": DOMAIN, // visitor export/erase, retention
  "lib/llm": SERVICE,
  "lib/realtime": SERVICE,
  "lib/db": SERVICE,
  "lib/metrics": SERVICE,
  "lib/net": SERVICE,
  "lib/auth": SERVICE,
  "lib/crypto": SERVICE,
  "lib/i18n": SERVICE,
  "lib/rate-limit": SERVICE,
  "lib/env.ts": SERVICE,
  "lib/errors.ts": SERVICE,
  "lib/safe-text.ts": SERVICE,
  "lib/safe-text.test.ts": SERVICE,
  "lib/backoff.ts": SERVICE,
  "lib/log.ts": SERVICE,
  "lib/backup": SERVICE, // kefu backup / restore: a logical dump of the database and the data folder's files
  // browser code with no imports outside its folder (widget/tsconfig.json); its event names are shared by all
  widget: SHARED,
};
// the socket.io server and its adapters (not socket.io-client, the browser's side)
const SOCKET_IO_SERVER = /^(socket\.io|@socket\.io\/[^"']+)$/;
const SOCKET_IO_PARTS = new Set(["lib/realtime", "lib/sockets", "lib/server", "server.ts"]);
const LAYER_NAMES = ["shared", "service", "domain", "edge"];
const ROOTS = ["app", "components", "lib", "widget", "server.ts"];
const SKIP = new Set(["node_modules", ".next", "generated"]);

function sourceFiles(root) {
  const out = [];
  const walk = (rel) => {
    const full = path.join(root, rel);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isFile()) return /\.(ts|tsx)$/.test(rel) && out.push(rel);
    for (const e of fs.readdirSync(full)) if (!SKIP.has(e)) walk(path.posix.join(rel, e));
  };
  for (const r of ROOTS) walk(r);
  return out;
}

/** The part a file belongs to: `lib/<folder>` (or `lib/<file>.ts`), or its top-level folder. */
function partOf(file) {
  const [top, second] = file.split("/");
  if (top !== "lib") return top;
  return `lib/${second}`;
}

function resolveImport(root, from, spec) {
  let base;
  if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else if (spec.startsWith("@/")) base = spec.slice(2);
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    const full = path.join(root, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return base;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g;

function importsOf(source) {
  const specs = [];
  for (const m of source.matchAll(IMPORT)) specs.push(m[1] ?? m[2] ?? m[3]);
  return specs;
}

/** Loops in a directed graph (Map<node, Set<node>>), each as a list of nodes. */
function loops(graph) {
  const found = [];
  const state = new Map();
  const stack = [];
  const visit = (n) => {
    state.set(n, "open");
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === "open") found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, "done");
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return found;
}

export function checkArchitecture(root = process.cwd()) {
  const problems = [];
  const folderGraph = new Map();
  for (const file of sourceFiles(root)) {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    problems.push(...swallowedErrors(file, source));
    if (
      !file.startsWith("widget/") &&
      !file.startsWith("components/") &&
      file !== "lib/env.ts" &&
      !file.endsWith(".test.ts") &&
      /process\.env\b/.test(source)
    ) {
      problems.push(`${file}: reads process.env: declare the variable in lib/env.ts and read it with envVar()`);
    }
    const from = partOf(file);
    const fromLayer = LAYERS[from];
    if (fromLayer === undefined) {
      problems.push(`${file}: ${from} has no layer: add it to LAYERS in scripts/check-architecture.mjs`);
      continue;
    }
    for (const spec of importsOf(source)) {
      if (SOCKET_IO_SERVER.test(spec) && !SOCKET_IO_PARTS.has(from)) {
        problems.push(
          `${file}: imports "${spec}": only lib/realtime and the socket edge know socket.io; publish through lib/realtime`,
        );
      }
      const target = resolveImport(root, file, spec);
      if (!target || !ROOTS.some((r) => target === r || target.startsWith(`${r}/`))) continue;
      const to = partOf(target);
      if (to === from) continue;
      const toLayer = LAYERS[to];
      if (toLayer === undefined) continue; // reported when its own files are read
      if (fromLayer === DOMAIN && to === "lib/realtime" && target !== "lib/realtime/index.ts") {
        problems.push(
          `${file}: a domain reaches into lib/realtime ("${spec}"): publish through its interface, "../realtime"`,
        );
      }
      if (toLayer > fromLayer) {
        problems.push(
          `${file}: a ${LAYER_NAMES[fromLayer]} (${from}) imports the higher ${LAYER_NAMES[toLayer]} ${to} ("${spec}")`,
        );
      }
      if (from.startsWith("lib/") && to.startsWith("lib/")) {
        if (!folderGraph.has(from)) folderGraph.set(from, new Set());
        folderGraph.get(from).add(to);
      }
    }
  }
  for (const loop of loops(folderGraph))
    problems.push(`lib/ folders import each other in a loop: ${loop.join(" -> ")}`);
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const problems = checkArchitecture();
  for (const p of problems) console.error(p);
  if (problems.length) {
    console.error(`[lint] ${problems.length} architecture problem(s)`);
    process.exit(1);
  }
  console.log("[lint] layers, folder loops, swallowed errors and environment reads: ok");
}
