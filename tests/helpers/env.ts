import path from "node:path";

const model = process.env.KEFU_TEST_MODEL ?? "";
/** The running Kefu started by scripts/test.mjs. */
export const testEnv = {
  url: process.env.KEFU_TEST_URL ?? "",
  adminEmail: process.env.KEFU_TEST_ADMIN_EMAIL ?? "",
  adminPassword: process.env.KEFU_TEST_ADMIN_PASSWORD ?? "",
  model,
  // stories260K.gguf from ../shared, or the synthetic model scripts/test-model.mjs writes when that is absent
  modelFile: path.basename(model),
  modelId: path.basename(model, ".gguf"),
  dataDir: process.env.KEFU_TEST_DATA_DIR ?? "",
};

if (!testEnv.url) throw new Error("Run the tests with `npm test` (scripts/test.mjs starts Kefu for them)");
