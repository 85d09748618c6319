import fs from "node:fs";
import path from "node:path";

// The data folder's files that belong in a backup: the generated secret (old sessions and visitor tokens stay valid)
// and settings (*.json). Never the database's own folder, its runtime or password files (a restored server makes its
// own), logs, nor any model: an allowlist, so that whatever lands in the folder later is not carried by accident.
const NOT_BACKED_UP = new Set(["pg", "postgres.json", "postgres.password"]);
const backedUp = (name: string) => !NOT_BACKED_UP.has(name) && (name === "secret" || name.endsWith(".json"));

export function dataFilesToBackUp(dataDir: string): Record<string, string> {
  if (!fs.existsSync(dataDir)) return {};
  const files: Record<string, string> = {};
  for (const d of fs.readdirSync(dataDir, { withFileTypes: true })) {
    if (!d.isFile() || !backedUp(d.name)) continue;
    const full = path.join(dataDir, d.name);
    if (fs.statSync(full).size > 1_000_000) continue; // settings are small; anything large is not ours to carry
    files[d.name] = fs.readFileSync(full, "base64");
  }
  return files;
}

export function writeDataFiles(dataDir: string, files: Record<string, string>) {
  fs.mkdirSync(dataDir, { recursive: true });
  for (const [name, b64] of Object.entries(files)) {
    if (name !== path.basename(name) || !backedUp(name))
      throw new Error(`the backup names an unexpected file "${name}"`);
    fs.writeFileSync(path.join(dataDir, name), Buffer.from(b64, "base64"), { mode: 0o600 });
  }
}
