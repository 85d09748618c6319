// `npm start`: build when the sources changed since the last build, then run the production server.
// KEFU_PREBUILT=1 (the Docker image): the image built once, so trust that build and write nothing here, which lets the
// container run with a read-only root filesystem.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { sourceHash } from "./source-hash.mjs";
import path from "node:path";
import { bundleServer, SERVER_BUNDLE, serverEnv, serverNodeFlags } from "./server-launch.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const stamp = ".next/kefu-source-hash";
const prebuilt = process.env.KEFU_PREBUILT === "1";
if (prebuilt && !fs.existsSync(SERVER_BUNDLE)) {
  console.error(
    `[kefu] KEFU_PREBUILT=1 but ${SERVER_BUNDLE} is missing: build with \`npm run build\` (docker/build.sh build) first`,
  );
  process.exit(1);
}
const built =
  prebuilt ||
  (fs.existsSync(".next/BUILD_ID") && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === sourceHash());
if (!built) {
  console.log("[kefu] Building (first start, or the sources changed)…");
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
// the server runs as one bundled ES module with the memory settings of scripts/server-launch.mjs (also used by
// `npm run bench:chat`, so the bench measures what this starts)
// (scripts/build.mjs bundles it too; bundling again here keeps `npm start` right after an edit to server.ts)
const entry = prebuilt ? path.resolve(SERVER_BUNDLE) : await bundleServer();
const child = spawn(process.execPath, [...serverNodeFlags(), entry, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, ...serverEnv() },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
