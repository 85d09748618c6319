// The tests' model: llama.cpp's tinyllamas stories260K. ../shared/models is only a faster source; without it the
// public file is downloaded once into .kefu/test-models and checked against its sha256.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const FILE = "stories260K.gguf";
const SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
const URL = "https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf";

export async function ensureTestModel(root = process.cwd()) {
  if (process.env.KEFU_TEST_MODEL && fs.existsSync(process.env.KEFU_TEST_MODEL)) return process.env.KEFU_TEST_MODEL;
  const shared = path.resolve(root, "..", "shared", "models", FILE);
  if (fs.existsSync(shared)) return shared;
  const target = path.join(root, ".kefu", "test-models", FILE);
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  console.log(`[test] downloading the test model ${FILE}…`);
  const res = await fetch(URL);
  if (!res.ok) throw new Error(`Could not download the test model (HTTP ${res.status}) from ${URL}`);
  const buf = Buffer.from(await res.arrayBuffer());
  const sum = crypto.createHash("sha256").update(buf).digest("hex");
  if (sum !== SHA256) throw new Error(`The downloaded test model has the wrong checksum ${sum}`);
  fs.writeFileSync(target, buf);
  return target;
}
