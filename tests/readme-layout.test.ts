// README's Layout section names every folder of the tree and every part of lib/, so a reader can trust it as a map.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const root = process.cwd();
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const block = readme.split("## Layout\n")[1]?.split("```")[1] ?? "";

/** What the Layout block names: "lib/bots, tenants, visitors" names lib/bots, lib/tenants and lib/visitors. */
function named(): Set<string> {
  const names = new Set<string>();
  for (const line of block.split("\n")) {
    if (!line.trim() || line.startsWith("#") || line.startsWith(" ")) continue;
    const [first, ...rest] = line.split(/\s{2,}/)[0].split(/,\s*/);
    const prefix = first.startsWith("lib/") ? "lib/" : "";
    for (const n of [first, ...rest.map((r) => (r.includes("/") || !prefix ? r : prefix + r))])
      names.add(n.replace(/\/$/, ""));
  }
  return names;
}

const tracked = (dir: string) =>
  fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter(
      (e) => !e.name.startsWith(".") && !["node_modules", "generated", "public", "test-results"].includes(e.name),
    );

test("README's Layout names every top-level folder and every folder and module of lib/", () => {
  const names = named();
  const topLevel = tracked(".")
    .filter((e) => e.isDirectory() && e.name !== "lib")
    .map((e) => e.name);
  const lib = tracked("lib")
    .filter((e) => e.isDirectory() || (/\.ts$/.test(e.name) && !e.name.endsWith(".test.ts")))
    .map((e) => `lib/${e.name}`);
  const missing = [...topLevel, ...lib, "server.ts"].filter((n) => !names.has(n));
  assert.deepEqual(missing, [], `README's Layout does not name: ${missing.join(", ")}`);
  const gone = [...names].filter((n) => !fs.existsSync(path.join(root, n)));
  assert.deepEqual(gone, [], `README's Layout names what is not in the tree: ${gone.join(", ")}`);
});

test("every link and docs/*.md mention in README and docs/ names a file that exists", () => {
  const files = [
    "README.md",
    ...fs
      .readdirSync(path.join(root, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`),
  ];
  const broken: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const prose = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, ""); // code shows syntax, not links
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target)) continue;
      const p = path.join(root, path.dirname(file), target.split("#")[0]);
      if (!fs.existsSync(p)) broken.push(`${file}: ${target}`);
    }
    // plain mentions such as "see docs/backup.md" are meant from the repository's root
    for (const [mention] of text.matchAll(/(?<![\w/.])docs\/[\w-]+\.md/g)) {
      if (!fs.existsSync(path.join(root, mention))) broken.push(`${file}: ${mention}`);
    }
  }
  assert.deepEqual(broken, [], `links to nothing: ${broken.join(", ")}`);
});
