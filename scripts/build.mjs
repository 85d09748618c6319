// Production build: the widget bundles, then Next.js. Telemetry stays off.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import { sourceHash } from "./source-hash.mjs";

const require = createRequire(import.meta.url);
process.env.NEXT_TELEMETRY_DISABLED = "1";
execFileSync(process.execPath, ["scripts/build-widget.mjs"], { stdio: "inherit" });
const hash = sourceHash();
execFileSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { stdio: "inherit", env: process.env });
fs.writeFileSync(".next/kefu-source-hash", hash);
