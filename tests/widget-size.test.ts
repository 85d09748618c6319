// The loader runs on every page of the customer's site: its size is a hard budget (≤ 10 KB gzip).
import assert from "node:assert/strict";
import { test } from "node:test";
import zlib from "node:zlib";
import { build } from "esbuild";

const LOADER_BUDGET = 10 * 1024;

test("the loader (public/widget.js) stays within 10 KB gzip and is one closure", async () => {
  const out = await build({
    entryPoints: ["widget/loader.ts"],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2019"],
    platform: "browser",
    legalComments: "none",
    write: false,
  });
  const code = out.outputFiles[0].contents;
  const gz = zlib.gzipSync(code).length;
  console.log(`loader: ${code.length} bytes, ${gz} bytes gzip (budget ${LOADER_BUDGET})`);
  assert.ok(gz <= LOADER_BUDGET, `the loader is ${gz} bytes gzip, over its ${LOADER_BUDGET} byte budget`);
  const text = Buffer.from(code).toString("utf8");
  // an IIFE: nothing is declared at the page's top level (the e2e test checks that window gains only Kefu)
  assert.match(text, /^("use strict";)?\(\(\)=>\{[\s\S]*\}\)\(\);\s*$/);
});
