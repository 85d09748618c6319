/** The running Kefu started by scripts/test.mjs. */
export const testEnv = {
  url: process.env.KEFU_TEST_URL ?? "",
  adminEmail: process.env.KEFU_TEST_ADMIN_EMAIL ?? "",
  adminPassword: process.env.KEFU_TEST_ADMIN_PASSWORD ?? "",
  model: process.env.KEFU_TEST_MODEL ?? "",
  dataDir: process.env.KEFU_TEST_DATA_DIR ?? "",
};

if (!testEnv.url) throw new Error("Run the tests with `npm test` (scripts/test.mjs starts Kefu for them)");
