// Production build: the widget bundles, then Next.js. Telemetry stays off.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import { bundleServer } from "./server-launch.mjs";
import { sourceHash } from "./source-hash.mjs";

const require = createRequire(import.meta.url);
process.env.NEXT_TELEMETRY_DISABLED = "1";
execFileSync(process.execPath, ["scripts/build-widget.mjs"], { stdio: "inherit" });
const hash = sourceHash();
execFileSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
  stdio: "inherit",
  env: process.env,
});
// the server bundle too, so a prebuilt start (the image, KEFU_PREBUILT=1) writes nothing into .next
await bundleServer();
fs.writeFileSync(".next/kefu-source-hash", hash);
