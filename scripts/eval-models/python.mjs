// The Python that runs models:eval's converters (scripts/eval-models/*.py): a venv of its own in ~/.cache/kefu, with
// each converter's packages (pinned where the output's sha256 depends on them). Made once, then reused. Not inside the
// project: Next's build follows the files under it, and a venv's python is a link that leaves the project (the build
// failed on it when the venv was in .kefu/eval-models).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const converterVenv = path.join(os.homedir(), ".cache", "kefu", "eval-models-venv");

export function converterPython(packages, log = () => {}) {
  const venv = converterVenv;
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  const py = path.join(venv, "bin", "python");
  if (!fs.existsSync(py)) execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
  // pip leaves what is already installed at the wanted version alone (and asks no index for it)
  log(`python packages for the converter: ${packages.join(" ")}`);
  execFileSync(py, ["-m", "pip", "install", "-q", "--disable-pip-version-check", ...packages], { stdio: "inherit" });
  return py;
}
