// Loads a kefu-backup/1 file (dump.ts) into a database whose tables the migrations have just created.
import fs from "node:fs";
import readline from "node:readline";
import zlib from "node:zlib";
import pg from "pg";
import { KefuError } from "../errors";
import { BACKUP_FORMAT, type BackupHeader } from "./dump";

function lines(file: string) {
  return readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
}

/** The header alone: checks the file is a Kefu backup before anything is created for it. */
export async function readHeader(file: string): Promise<BackupHeader> {
  if (!fs.existsSync(file)) throw new KefuError("bad_request", `No backup file at ${file}`);
  try {
    for await (const line of lines(file)) {
      const header = JSON.parse(line) as BackupHeader;
      if (header.format !== BACKUP_FORMAT) break;
      return header;
    }
  } catch {} // unreadable, not gzip or not JSON: all answered by the error below
  throw new KefuError("bad_request", `${file} is not a Kefu backup (made by kefu backup)`);
}

/**
 * Inserts every row in one transaction. `session_replication_role = replica` skips foreign keys and triggers while
 * loading, so tables load in any order and the audit log's append-only trigger is not fired by rows being put back.
 */
export async function loadBackup(url: string, file: string, known: string[]): Promise<{ rows: number }> {
  const header = await readHeader(file);
  const unknown = header.migrations.filter((m) => !known.includes(m));
  if (unknown.length)
    throw new KefuError(
      "bad_request",
      `the backup comes from a newer Kefu (migrations ${unknown.join(", ")}): restore it with that version`,
    );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let rows = 0;
  try {
    const existing = await client.query(`SELECT count(*)::int AS n FROM "tenants"`);
    if (existing.rows[0].n > 0)
      throw new KefuError(
        "conflict",
        "the database already holds workspaces: restore into a fresh data folder or an empty database",
      );
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    let batch: unknown[] = [];
    let table = "";
    const flush = async () => {
      if (!batch.length) return;
      await client.query(`INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1::json)`, [
        JSON.stringify(batch),
      ]);
      rows += batch.length;
      batch = [];
    };
    let first = true;
    for await (const line of lines(file)) {
      if (first) {
        first = false;
        continue;
      }
      if (!line) continue;
      const { t, r } = JSON.parse(line) as { t: string; r: unknown };
      if (!header.tables.includes(t))
        throw new KefuError("bad_request", `the backup holds rows of an undeclared table "${t}"`);
      if (t !== table || batch.length >= 1000) await flush();
      table = t;
      batch.push(r);
    }
    await flush();
    await client.query("COMMIT");
    return { rows };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {}); // the load's own error is rethrown; the connection ends anyway
    throw err;
  } finally {
    await client.end();
  }
}
