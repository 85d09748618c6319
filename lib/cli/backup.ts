// kefu backup [--out file] and kefu restore <file> [--data-dir dir] (docs/backup.md). Top-level commands, not
// "group action" pairs, so they parse their own arguments as `kefu models` does.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { cliActor, recordAuditEverywhere } from "../audit";
import { dumpDatabase } from "../backup/dump";
import { dataFilesToBackUp, writeDataFiles } from "../backup/files";
import { loadBackup, readHeader } from "../backup/restore";
import { listMigrations } from "../db/migrate";
import { env, envVar, setEnvVar } from "../env";
import { KefuError } from "../errors";
import { withDatabase } from "./database";
import { EXIT, UsageError, print, printError } from "./output";

const BACKUP_HELP = `Usage: kefu backup [--out file] [--json]

A consistent backup of the database (the embedded PostgreSQL in KEFU_DATA_DIR, or DATABASE_URL) with the data
folder's secret and settings; never the models. Safe while Kefu serves.

Options:
  --out    The file to write (default ./kefu-backup-<date>.kefu.gz)
  --json   Machine-readable output`;

const RESTORE_HELP = `Usage: kefu restore <file> [--data-dir dir] [--json]

Restores a backup into a fresh data folder (default KEFU_DATA_DIR) or, with DATABASE_URL, an empty database;
then start Kefu on it (KEFU_DATA_DIR=dir npm start).

Options:
  --data-dir  The new data folder (must not hold a database yet)
  --json      Machine-readable output`;

type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(args: string[], options: Record<string, { type: "string" | "boolean" }>): Parsed {
  try {
    return parseArgs({
      args,
      options: { ...options, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split(". ")[0]);
  }
}

async function backup(p: Parsed) {
  if (p.positionals.length) throw new UsageError(`unexpected argument "${p.positionals[0]}"`);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  const out = path.resolve(typeof p.values.out === "string" ? p.values.out : `kefu-backup-${stamp}.kefu.gz`);
  if (fs.existsSync(out)) throw new KefuError("conflict", `${out} exists already: choose another --out`);
  const files = dataFilesToBackUp(env().KEFU_DATA_DIR);
  const r = await withDatabase(async () => {
    const dumped = await dumpDatabase(envVar("DATABASE_URL")!, out, files);
    // a copy of every workspace's data left the database: each owner's log says who took it, when, and where to
    await recordAuditEverywhere(cliActor(), "backup.create", { file: out, rows: dumped.rows, tables: dumped.tables });
    return dumped;
  });
  const size = fs.statSync(out).size;
  return {
    json: { file: out, bytes: size, ...r, files: Object.keys(files) },
    text: `Backed up ${r.rows} rows of ${r.tables} tables and ${Object.keys(files).join(", ") || "no files"} to ${out} (${size} bytes).`,
  };
}

async function restore(p: Parsed) {
  const [file, extra] = p.positionals;
  if (!file) throw new UsageError("the backup file is required: kefu restore <file>");
  if (extra) throw new UsageError(`unexpected argument "${extra}"`);
  const header = await readHeader(path.resolve(file));
  if (typeof p.values["data-dir"] === "string") setEnvVar("KEFU_DATA_DIR", path.resolve(p.values["data-dir"]));
  const dataDir = env().KEFU_DATA_DIR;
  if (!env().DATABASE_URL && fs.existsSync(path.join(dataDir, "pg"))) {
    throw new KefuError("conflict", `${dataDir} already holds a database: restore into a new --data-dir`);
  }
  const known = listMigrations().map((m) => m.name);
  const r = await withDatabase(async () => {
    const loaded = await loadBackup(envVar("DATABASE_URL")!, path.resolve(file), known);
    // the restored log ends with the restore itself: what follows in it happened on this copy
    await recordAuditEverywhere(cliActor(), "backup.restore", {
      file: path.resolve(file),
      backedUpAt: header.createdAt,
      rows: loaded.rows,
    });
    return loaded;
  });
  writeDataFiles(dataDir, header.files);
  return {
    json: { dataDir, rows: r.rows, files: Object.keys(header.files), backedUpAt: header.createdAt },
    text: `Restored ${r.rows} rows (backup of ${header.createdAt}) into ${env().DATABASE_URL ? "the database" : dataDir}. Start Kefu with KEFU_DATA_DIR=${dataDir}.`,
  };
}

export async function backupMain(command: "backup" | "restore", args: string[]): Promise<number> {
  const json = args.includes("--json");
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${command === "backup" ? BACKUP_HELP : RESTORE_HELP}\n`);
    return EXIT.ok;
  }
  try {
    const out =
      command === "backup"
        ? await backup(parse(args, { out: { type: "string" } }))
        : await restore(parse(args, { "data-dir": { type: "string" } }));
    print(out, json);
    return EXIT.ok;
  } catch (err) {
    printError(err, json);
    return err instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}
