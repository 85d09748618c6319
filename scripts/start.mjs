// `npm start`: build when the sources changed since the last build, then run the production server.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { sourceHash } from "./source-hash.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const stamp = ".next/kefu-source-hash";
const built = fs.existsSync(".next/BUILD_ID") && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === sourceHash();
if (!built) {
  console.log("[kefu] Building (first start, or the sources changed)…");
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
// V8 grows the old generation by up to 2× after each major GC and keeps the pages: a burst of widget handshakes
// (each one's DB-query garbage) left the heap at twice its live size for good (10,000 idle widgets: 454 → 837–980 MB,
// live heap after a forced GC ~255 MB). A 1.2× growth factor keeps it near the live size (→ ~600 MB) for a few % more
// GC time. Keep in step with bench/chat-procs.ts.
const serverNodeFlags = ["--heap-growing-percent=20"];
const child = spawn(process.execPath, [...serverNodeFlags, "--import", "tsx", "server.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
