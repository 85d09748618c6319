// The image starts Kefu the way `npm start` does. There is no Docker engine on these machines (docs: PITFALLS), so
// this checks what can be checked without one: the command, the flags it leads to, and what the build copies.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";

const dockerfile = fs.readFileSync("docker/Dockerfile", "utf8");
const instructions = dockerfile.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));

test("the container's command is `npm start`'s: node scripts/start.mjs", () => {
  const cmds = instructions.filter((l) => /^CMD\b/.test(l));
  assert.equal(cmds.length, 1);
  const cmd = JSON.parse(cmds[0].replace(/^CMD\s+/, "")) as string[]; // exec form, so signals reach node
  const npmStart = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts.start;
  assert.equal(cmd.join(" "), npmStart);
  assert.deepEqual(cmd, ["node", "scripts/start.mjs"]);
  const start = fs.readFileSync("scripts/start.mjs", "utf8");
  assert.match(start, /spawn\(process\.execPath, \[\.\.\.serverNodeFlags\(\)/, "start.mjs runs the server with the shared flags");
  assert.match(start, /for \(const sig of \["SIGINT", "SIGTERM"\]\) process\.on\(sig, \(\) => child\.kill\(sig\)\)/, "docker stop reaches the server");
});

test("the flags start.mjs (and so the image) gives the server include the heap growth limit", async () => {
  const launch = "../scripts/server-launch.mjs"; // a variable: the module has no type declarations
  const { serverNodeFlags } = (await import(launch)) as { serverNodeFlags: () => string[] };
  // the value is tuned in server-launch.mjs (memory held by idle widgets against GC under load); the image must carry it
  assert.ok(serverNodeFlags().some((f) => /^--heap-growing-percent=\d+$/.test(f)), serverNodeFlags().join(" "));
});

test("the image is built offline-friendly: telemetry off, production, built at image time, data and models as volumes", () => {
  assert.match(dockerfile, /^ENV .*NEXT_TELEMETRY_DISABLED=1/m);
  assert.match(dockerfile, /^ENV .*NODE_ENV=production/m);
  assert.ok(instructions.some((l) => /^RUN npm run build\b/.test(l)), "built in the image, so start.mjs finds the build and does not rebuild");
  assert.match(dockerfile, /^VOLUME \["\/data", "\/app\/models"\]/m);
  for (const l of instructions.filter((x) => /^COPY /.test(x) && !/^COPY \. \./.test(x))) {
    for (const src of l.replace(/^COPY\s+/, "").split(/\s+/).slice(0, -1)) assert.ok(fs.existsSync(src), `${src} exists for ${l}`);
  }
  const ignored = fs.readFileSync(".dockerignore", "utf8").split("\n");
  for (const p of ["node_modules", ".next"]) assert.ok(ignored.includes(p), `.dockerignore leaves out ${p}`);
  const compose = fs.readFileSync("docker/compose.yaml", "utf8");
  assert.match(compose, /build: \{ context: \.\., dockerfile: docker\/Dockerfile \}/);
});
