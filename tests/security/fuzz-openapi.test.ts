// The REST API fuzzed from its own OpenAPI document by schemathesis (PyPI; .ci/run installs it): no 500, and every
// answer's status, content type and body as the document says.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { testEnv } from "../helpers/env";
import { makeTenant } from "../helpers/fixtures";
import { run } from "../helpers/run";

const SCHEMATHESIS =
  process.env.KEFU_SCHEMATHESIS ??
  path.join(os.homedir(), ".cache", "kefu", "schemathesis-venv", "bin", "schemathesis");

test("schemathesis finds no server error and no answer outside the OpenAPI document", {
  timeout: 600_000,
}, async () => {
  assert.ok(
    fs.existsSync(SCHEMATHESIS),
    `schemathesis is not installed at ${SCHEMATHESIS}: .ci/run installs it (or set KEFU_SCHEMATHESIS)`,
  );
  const t = await makeTenant("fuzz");
  const args = [
    "run",
    `${testEnv.url}/api/v1/openapi.json`,
    "--url",
    testEnv.url,
    "--header",
    `Authorization: Bearer ${t.apiKey}`,
    "--checks",
    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
    "--phases",
    "examples,coverage,fuzzing",
    "--max-examples",
    process.env.KEFU_FUZZ_EXAMPLES ?? "25",
    "--seed",
    "12",
    "--workers",
    "1",
    // NUL bytes in text are refused by the bad-input hardening (docs/security.md); this run looks at everything else
    "--generation-allow-x00",
    "false",
    "--request-timeout",
    "30",
    "--no-color",
  ];
  const r = await run(SCHEMATHESIS, args, { ...process.env, SCHEMATHESIS_TELEMETRY: "false" });
  const tail = (r.stdout + r.stderr).split("\n").slice(-150).join("\n");
  assert.equal(r.code, 0, tail);
});
