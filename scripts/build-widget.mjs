// Bundles the widget separately from Next: the loader (public/widget.js, budget checked here and by
// tests/widget-size.test.ts) and the chat frame (public/widget-frame.js, loaded by the /widget/frame page).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import zlib from "node:zlib";
import { build } from "esbuild";

// The widget's own tsconfig (DOM only, nothing outside widget/) refuses a server import before anything is bundled.
const require = createRequire(import.meta.url);
try {
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "-p", "widget"], {
    stdio: "inherit",
  });
} catch {
  console.error("[widget] widget/ does not compile as browser code (see the errors above)");
  process.exit(1);
}

const bundles = [
  { entry: "widget/loader.ts", out: "public/widget.js", budgetGzip: 10 * 1024 },
  { entry: "widget/frame.ts", out: "public/widget-frame.js", budgetGzip: 48 * 1024 },
];

for (const b of bundles) {
  if (!fs.existsSync(b.entry)) continue;
  await build({
    entryPoints: [b.entry],
    outfile: b.out,
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2019"],
    platform: "browser",
    legalComments: "none",
  });
  const gz = zlib.gzipSync(fs.readFileSync(b.out)).length;
  console.log(`[widget] ${b.out}: ${(gz / 1024).toFixed(1)} KB gzip (budget ${(b.budgetGzip / 1024).toFixed(0)} KB)`);
  if (gz > b.budgetGzip) {
    console.error(`[widget] ${b.out} is over its size budget`);
    process.exit(1);
  }
}
