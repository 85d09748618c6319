import { parseArgs } from "node:util";
import { cliActor, recordAudit } from "../audit";
import { COMMANDS, type Command } from "./commands";
import { withDatabase } from "./database";
import { EXIT, UsageError, print, printError } from "./output";

const COMMON = {
  json: { type: "boolean", description: "Machine-readable output: the result (or { error }) as JSON on stdout" },
  help: { type: "boolean", short: "h", description: "Show this help" },
} as const;

// commands with their own parser (lib/cli/models.ts, lib/cli/backup.ts), listed so --help shows every command
const OWN_PARSER = [
  { name: "models", summary: "The model files: list the catalog, pull (download), rm, use (see: kefu models --help)" },
  {
    name: "backup",
    summary: "Write every table and the data folder's secret to one file while Kefu serves (--out file)",
  },
  {
    name: "restore",
    summary: "Restore a backup into a fresh data folder or an empty database (restore <file> [--data-dir dir])",
  },
];

function overview(group?: string) {
  const shown = [...COMMANDS.filter((c) => !group || c.name.startsWith(`${group} `)), ...(group ? [] : OWN_PARSER)];
  const width = Math.max(...shown.map((c) => c.name.length));
  return [
    "Usage: kefu <command> [options]    (or: npm run kefu -- <command> [options])",
    "",
    "Commands:",
    ...shown.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Every command takes --json and --help. The database is DATABASE_URL when set, else the embedded",
    "PostgreSQL in KEFU_DATA_DIR (default ./.kefu): run kefu from the project directory.",
  ].join("\n");
}

function commandHelp(c: Command) {
  const opts = { ...c.options, ...COMMON };
  const width = Math.max(...Object.keys(opts).map((k) => k.length)) + 2;
  return [
    `Usage: ${c.usage}`,
    "",
    c.summary,
    "",
    "Options:",
    ...Object.entries(opts).map(([k, o]) => `  ${`--${k}`.padEnd(width)}  ${o.description}`),
  ].join("\n");
}

function parse(c: Command, args: string[]) {
  const options = Object.fromEntries(
    Object.entries({ ...c.options, ...COMMON }).map(([k, o]) => [
      k,
      { type: o.type, ...("short" in o ? { short: o.short } : {}) },
    ]),
  );
  // node's parseArgs takes "-5" after "--days" for another option ("ambiguous"): pass a negative number as the value,
  // so the command's own check answers what is wrong with it
  const takesValue = (a: string | undefined) =>
    !!a?.startsWith("--") && (options[a.slice(2)]?.type as string | undefined) === "string";
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (takesValue(args[i]) && /^-\d/.test(args[i + 1] ?? "")) joined.push(`${args[i]}=${args[++i]}`);
    else joined.push(args[i]);
  }
  try {
    const { values, positionals } = parseArgs({ args: joined, options, strict: true, allowPositionals: true });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return values as Record<string, string | boolean | undefined>;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // node's own message goes on to explain `--` for positionals, which none of our commands take
    throw new UsageError((err as Error).message.split(". ")[0]);
  }
}

/** Runs one command line; resolves to the process exit code (0 ok, 1 failed, 2 wrong usage). */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === "models") return (await import("./models")).modelsMain(argv.slice(1)); // the models folder only: no database
  if (argv[0] === "backup" || argv[0] === "restore")
    return (await import("./backup")).backupMain(argv[0], argv.slice(1));
  const json = argv.includes("--json");
  const [group, action] = argv;
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  const command = COMMANDS.find((c) => c.name === `${group} ${action}`);
  if (!command) {
    const known = COMMANDS.some((c) => c.name.startsWith(`${group} `));
    if (!group || group.startsWith("-") || group === "help" || (known && (!action || action.startsWith("-")))) {
      process.stdout.write(`${overview(known ? group : undefined)}\n`);
      return wantsHelp || group === "help" || !group ? EXIT.ok : EXIT.usage;
    }
    printError(
      new UsageError(`unknown command "${[group, action].filter(Boolean).join(" ")}" (see: kefu --help)`),
      json,
    );
    return EXIT.usage;
  }
  if (wantsHelp) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return EXIT.ok;
  }
  try {
    const run = command.prepare(parse(command, argv.slice(2)));
    const out = await withDatabase(async () => {
      const done = await run();
      // every change made from the shell lands in the log like the same change made in the console
      for (const a of done.audit ?? []) await recordAudit(a.tenantId, cliActor(), a.action, a.target, a.diff);
      return done;
    });
    print(out, json);
    return EXIT.ok;
  } catch (err) {
    printError(err, json);
    if (err instanceof UsageError && !json) process.stderr.write(`\n${commandHelp(command)}\n`);
    return err instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}
