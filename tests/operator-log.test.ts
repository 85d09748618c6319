import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { startKefu } from "./helpers/server-process";

// What an operator who alerts on levels reads from a start with no model and a deliberate stop (embedded
// PostgreSQL, as a default install runs): the missing model is a warning naming the folder in use; no "light model"
// switch is claimed with no model at all; the server's own stop is not an error.
test("no model: a warning naming the models folder; a SIGTERM stop logs no error", { timeout: 240_000 }, async () => {
  const kefu = await startKefu({ databaseUrl: "", env: { KEFU_LOG_FORMAT: "json", KEFU_LOG_LEVEL: "info" } });
  // the load monitor needs 5 s over the line to switch: give it the time on this loaded machine
  await new Promise((r) => setTimeout(r, 8_000));
  assert.equal(await kefu.stop("SIGTERM"), 0);
  const lines = kefu
    .log()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { level: string; msg: string });
  const noModel = lines.find((l) => /No model available/.test(l.msg));
  assert.ok(noModel, kefu.log().slice(-3000));
  assert.equal(noModel.level, "warn", "seen with KEFU_LOG_LEVEL=warn");
  const modelsDir = path.join(path.dirname(kefu.logFile), "models");
  assert.ok(noModel.msg.includes(modelsDir), `names the folder in use: ${noModel.msg}`);
  assert.deepEqual(
    lines.filter((l) => /light model/.test(l.msg)),
    [],
    "no light-model switch without a model",
  );
  assert.deepEqual(
    lines.filter((l) => l.level === "error" || l.level === "fatal"),
    [],
    "a deliberate stop is no error",
  );
});
