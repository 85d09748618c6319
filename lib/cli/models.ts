import fs from "node:fs";
import { parseArgs } from "node:util";
import { readCatalog } from "../llm/catalog";
import { listModels, modelFileOf, removeModel, useModel, downloadModel, type ModelEntry } from "../llm/model-file";
import { modelsDir, resolveModelFile } from "../llm/settings";
import { KefuError } from "../errors";
import { EXIT, UsageError, print, printError, type Output } from "./output";

// `kefu models …` works on the models folder only: no database, so it runs before the first start and offline.

type Sub = {
  usage: string;
  summary: string;
  /** the positional argument, when the command takes one */
  arg?: string;
  options?: Record<string, { type: "boolean"; description: string }>;
  run(arg: string, values: Record<string, unknown>): Promise<Output> | Output;
};

const mb = (n: number | null) =>
  n == null ? "" : n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`;

function state(m: ModelEntry): string {
  const marks = [
    m.problem
      ? `unusable: ${m.problem}`
      : m.downloaded
        ? "downloaded"
        : m.partial
          ? `partial ${mb(m.partial)}`
          : "not downloaded",
    m.default && "default",
    m.light && "light",
    m.embedding && "embedding",
    m.recommended && "recommended embedding model",
    !m.id && "added by hand",
  ];
  return marks.filter(Boolean).join(", ");
}

const SUBS: Record<string, Sub> = {
  list: {
    usage: "kefu models list [--json]",
    summary: "The catalog and the .gguf files in the models folder (also those put there by hand)",
    run() {
      const o = listModels();
      const rows = o.models.map((m) => [
        m.id ?? "-",
        m.file,
        m.role ?? "?",
        m.class ?? "?",
        mb(m.size ?? m.catalogSize),
        state(m),
      ]);
      const head = ["ID", "FILE", "ROLE", "CLASS", "SIZE", "STATE"];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
      const text = [
        `Models folder: ${o.dir}`,
        "",
        line(head),
        ...rows.map(line),
        ...o.warnings.map((w) => `\nwarning: ${w}`),
      ].join("\n");
      return { json: o, text };
    },
  },
  pull: {
    usage: "kefu models pull <id> [--json]",
    summary: "Download a catalog model (resumes an unfinished download, checks the sha256 when the catalog has one)",
    arg: "id",
    async run(ref) {
      const dir = modelsDir();
      const { model } = modelFileOf(ref, readCatalog(dir));
      if (!model) throw new KefuError("not_found", `${ref} is not in the catalog: only catalog models can be pulled`);
      const target = resolveModelFile(model.file, dir);
      const already = fs.existsSync(target);
      let resumedFrom = 0;
      try {
        resumedFrom = fs.statSync(`${target}.partial`).size;
      } catch {
        // nothing downloaded yet: start from the beginning
      }
      if (!already) {
        process.stderr.write(
          `[kefu] downloading ${model.name} from ${model.url}${resumedFrom ? ` (resuming at ${mb(resumedFrom)})` : ""}\n`,
        );
      }
      const path = await downloadModel(model, { dir });
      const size = fs.statSync(path).size;
      return {
        json: {
          id: model.id,
          file: model.file,
          path,
          size,
          alreadyPresent: already,
          resumedFrom,
          sha256Checked: !already && Boolean(model.sha256),
        },
        text: already
          ? `${model.file} is already in ${dir}.`
          : `Downloaded ${model.file} (${mb(size)})${model.sha256 ? ", checksum verified" : " (the catalog has no checksum for it)"}.`,
      };
    },
  },
  rm: {
    usage: "kefu models rm <id|file> [--json]",
    summary: "Delete a model file (not the default or light model while it is set)",
    arg: "id|file",
    run(ref) {
      const r = removeModel(ref);
      return { json: r, text: `Removed ${r.removed.join(" and ")}.` };
    },
  },
  use: {
    usage: "kefu models use <id|file> [--light | --embedding] [--json]",
    summary:
      "Make a downloaded model the default chat model (--light: the light model; --embedding or an embedding model: the embedding model)",
    arg: "id|file",
    options: {
      light: { type: "boolean", description: "Set the light model instead of the default chat model" },
      embedding: { type: "boolean", description: "Set the embedding model (automatic for catalog embedding models)" },
    },
    run(ref, values) {
      const r = useModel(ref, { light: values.light === true, embedding: values.embedding === true });
      return {
        json: r,
        text:
          r.role === "light"
            ? `${r.file} is now the light model.`
            : r.role === "embedding"
              ? `${r.file} is now the embedding model: it is loaded at the next start (or use Load on the Models page).`
              : `${r.file} is now the default chat model: it is loaded at the next start (or use Load on the Models page).`,
      };
    },
  },
};

const COMMON = {
  json: { type: "boolean", description: "Machine-readable output on stdout" },
  help: { type: "boolean", description: "Show this help" },
} as const;

function overview() {
  const names = Object.keys(SUBS);
  return [
    "Usage: kefu models <command> [options]",
    "",
    ...names.map((n) => `  ${n.padEnd(5)}  ${SUBS[n].summary}`),
    "",
    "The models folder is KEFU_MODELS_DIR (default ./models); nothing is downloaded unless you run pull.",
  ].join("\n");
}

function help(s: Sub) {
  const opts = { ...s.options, ...COMMON };
  return [
    `Usage: ${s.usage}`,
    "",
    s.summary,
    "",
    "Options:",
    ...Object.entries(opts).map(([k, o]) => `  --${k.padEnd(9)}  ${o.description}`),
  ].join("\n");
}

/** `kefu models <command> …`; resolves to the exit code (0 ok, 1 failed, 2 wrong usage). */
export async function modelsMain(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const [name, ...rest] = argv;
  const sub = name ? SUBS[name] : undefined;
  if (!sub) {
    if (!name || name === "--help" || name === "-h" || name === "help") {
      process.stdout.write(`${overview()}\n`);
      return EXIT.ok;
    }
    printError(new UsageError(`unknown command "models ${name}" (see: kefu models --help)`), json);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${help(sub)}\n`);
    return EXIT.ok;
  }
  try {
    let parsed: { values: Record<string, unknown>; positionals: string[] };
    try {
      parsed = parseArgs({ args: rest, options: { ...sub.options, ...COMMON }, strict: true, allowPositionals: true });
    } catch (err) {
      throw new UsageError((err as Error).message.split(". ")[0]);
    }
    const { values, positionals } = parsed;
    if (sub.arg && positionals.length !== 1)
      throw new UsageError(positionals.length ? "give exactly one model" : `the <${sub.arg}> argument is required`);
    if (!sub.arg && positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    print(await sub.run(positionals[0] ?? "", values), json);
    return EXIT.ok;
  } catch (err) {
    printError(err, json);
    if (err instanceof UsageError && !json) process.stderr.write(`\n${help(sub)}\n`);
    return err instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}
