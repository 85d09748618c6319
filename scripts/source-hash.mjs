import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const ROOTS = [
  "app",
  "components",
  "lib",
  "widget",
  "i18n",
  "messages",
  "public",
  "next.config.ts",
  "postcss.config.mjs",
  "package-lock.json",
  "tsconfig.json",
];

/** A hash of the sources the production build depends on, so `npm start` rebuilds only when they changed. */
export function sourceHash(root = process.cwd()) {
  const h = crypto.createHash("sha256");
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      if (p.endsWith(path.join("lib", "db", "generated"))) return;
      for (const f of fs.readdirSync(p).sort()) walk(path.join(p, f));
    } else {
      h.update(`${path.relative(root, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const r of ROOTS) walk(path.join(root, r));
  return h.digest("hex");
}
