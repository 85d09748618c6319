// The image starts Kefu the way `npm start` does. There is no Docker engine on these machines (docs: PITFALLS), so
// this checks what can be checked without one: the command, the flags it leads to, the stages, the user, what the
// build copies. docker/image-build.test.ts runs the build steps themselves.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";

const dockerfile = fs.readFileSync("docker/Dockerfile", "utf8");
const instructions = dockerfile.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));

test("the container's command is `npm start`'s: node scripts/start.mjs", () => {
  const cmds = instructions.filter((l) => /^CMD\b/.test(l));
  assert.equal(cmds.length, 1);
  const cmd = JSON.parse(cmds[0].replace(/^CMD\s+/, "")) as string[]; // exec form, so signals reach node
  const npmStart = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts
    .start;
  assert.equal(cmd.join(" "), npmStart);
  assert.deepEqual(cmd, ["node", "scripts/start.mjs"]);
  const start = fs.readFileSync("scripts/start.mjs", "utf8");
  assert.match(
    start,
    /spawn\(process\.execPath, \[\.\.\.serverNodeFlags\(\)/,
    "start.mjs runs the server with the shared flags",
  );
  assert.match(
    start,
    /for \(const sig of \["SIGINT", "SIGTERM"\]\) process\.on\(sig, \(\) => child\.kill\(sig\)\)/,
    "docker stop reaches the server",
  );
});

test("the flags start.mjs (and so the image) gives the server include the heap growth limit", async () => {
  const launch = "../scripts/server-launch.mjs"; // a variable: the module has no type declarations
  const { serverNodeFlags } = (await import(launch)) as { serverNodeFlags: () => string[] };
  // the value is tuned in server-launch.mjs (memory held by idle widgets against GC under load); the image must carry it
  assert.ok(
    serverNodeFlags().some((f) => /^--heap-growing-percent=\d+$/.test(f)),
    serverNodeFlags().join(" "),
  );
});

test("the image: Node 24 LTS in two stages, built once, run as a non-root user with a health check", () => {
  const froms = instructions.filter((l) => /^FROM /.test(l));
  assert.deepEqual(
    froms,
    ["FROM node:24-bookworm-slim AS build", "FROM node:24-bookworm-slim"],
    "a build stage and a runtime stage on Node 24",
  );
  const runtime = instructions.slice(instructions.indexOf(froms[1]));
  assert.match(dockerfile, /^ENV .*NEXT_TELEMETRY_DISABLED=1/m);
  assert.ok(
    runtime.some((l) => /^ENV .*NODE_ENV=production/.test(l) && /KEFU_PREBUILT=1/.test(l)),
    "the runtime trusts the image's build",
  );
  assert.ok(
    runtime.some((l) => /^COPY --from=build \/app \/app$/.test(l)),
    "only the pruned build reaches the runtime stage",
  );
  assert.ok(runtime.includes("USER node"), "the server runs as the unprivileged user node");
  assert.ok(runtime.indexOf("USER node") < runtime.findIndex((l) => /^CMD /.test(l)));
  assert.ok(runtime.some((l) => /^HEALTHCHECK .*CMD \["node", "docker\/healthcheck\.mjs"\]$/.test(l)));
  assert.match(dockerfile, /^VOLUME \["\/data", "\/models"\]/m);
  // every RUN of the build goes through docker/build.sh, which docker/image-build.test.ts runs the same way
  const runs = instructions.filter((l) => /^RUN /.test(l) && !/^RUN mkdir/.test(l));
  assert.deepEqual(
    runs.map((l) => l.replace(/^RUN (\S+=\S+ )*/, "")),
    ["docker/build.sh install", "docker/build.sh build", "docker/build.sh prune"],
  );
  for (const l of instructions.filter((x) => /^COPY /.test(x) && !/^COPY (\. \.|--from)/.test(x))) {
    for (const src of l
      .replace(/^COPY\s+/, "")
      .split(/\s+/)
      .slice(0, -1))
      assert.ok(fs.existsSync(src), `${src} exists for ${l}`);
  }
  const ignored = fs.readFileSync(".dockerignore", "utf8").split("\n");
  for (const p of [".git", ".env", ".env*", "node_modules", ".next", "tests", "bench", ".kefu", "lib/db/generated"])
    assert.ok(ignored.includes(p), `.dockerignore leaves out ${p}`);
  const compose = fs.readFileSync("docker/compose.yaml", "utf8");
  assert.match(compose, /context: \.\.\n\s+dockerfile: docker\/Dockerfile/);
});
