// The Python that runs models:eval's converters (scripts/eval-models/*.py): a venv of its own under the eval models'
// cache, with each converter's packages (pinned where the output's sha256 depends on them). Made once, then reused.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export function converterPython(cache, packages, log = () => {}) {
  const venv = path.join(cache, "venv");
  const py = path.join(venv, "bin", "python");
  if (!fs.existsSync(py)) execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
  // pip leaves what is already installed at the wanted version alone (and asks no index for it)
  log(`python packages for the converter: ${packages.join(" ")}`);
  execFileSync(py, ["-m", "pip", "install", "-q", "--disable-pip-version-check", ...packages], { stdio: "inherit" });
  return py;
}
