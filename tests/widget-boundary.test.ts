// The widget is browser code: its tsconfig (widget/tsconfig.json) must refuse a server import, so nothing of the
// server (database, secrets, Node modules) can be bundled into the script customers put on their pages.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

const root = process.cwd();
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

function compile(project: string): { ok: boolean; output: string } {
  try {
    execFileSync(process.execPath, [tsc, "--noEmit", "-p", project], { encoding: "utf8", stdio: "pipe" });
    return { ok: true, output: "" };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

/** A folder set up like widget/ (its tsconfig, one module) whose module imports `specifier`. */
function probe(specifier: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-widget-probe-"));
  fs.copyFileSync(path.join(root, "widget", "tsconfig.json"), path.join(dir, "tsconfig.json"));
  fs.writeFileSync(
    path.join(dir, "probe.ts"),
    `import * as m from ${JSON.stringify(specifier)};\nexport const used = m;\n`,
  );
  fs.writeFileSync(path.join(dir, "sibling.ts"), "export const ok = document.title;\n");
  try {
    return compile(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("the widget's code compiles as browser code on its own (widget/tsconfig.json)", () => {
  const result = compile(path.join(root, "widget"));
  assert.ok(result.ok, result.output);
});

test("the widget's tsconfig refuses a server module and a Node built-in, and accepts its own modules", () => {
  const server = probe(path.join(root, "lib", "errors"));
  assert.equal(server.ok, false, "a server module compiled in the widget");
  assert.match(server.output, /is not under 'rootDir'/);

  const node = probe("node:fs");
  assert.equal(node.ok, false, "a Node built-in compiled in the widget");
  assert.match(node.output, /Cannot find module 'node:fs'/);

  assert.deepEqual(probe("./sibling"), { ok: true, output: "" });
});
