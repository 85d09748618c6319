// Helpers for the tests that run a Kefu with its own embedded PostgreSQL (DATABASE_URL unset) on a data folder of
// the test's own, so the test can kill the server or the database and look at what the folder holds afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startKefu } from "../helpers/server-process";

export async function startKefuOnOwnDatabase() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-sec-"));
  const kefu = await startKefu({ databaseUrl: "", env: { KEFU_DATA_DIR: dataDir } });
  return { kefu, dataDir };
}

/** The pid of the PostgreSQL server running on this data folder (from its postmaster.pid). */
export function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, "pg", "data", "postmaster.pid"), "utf8").split("\n")[0]);
}

export function alive(pid: number) {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** A SQL client on the embedded database of this folder (its port and password are in the folder). */
export async function sqlOn(dataDir: string) {
  const { port } = JSON.parse(fs.readFileSync(path.join(dataDir, "postgres.json"), "utf8"));
  const password = fs.readFileSync(path.join(dataDir, "postgres.password"), "utf8").trim();
  const client = new pg.Client({ host: "127.0.0.1", port, user: "kefu", password, database: "kefu" });
  await client.connect();
  return client;
}

/** Each visitor's acknowledged messages are stored once, with the acknowledged id and seq. */
export async function storedOnce(
  sql: pg.Client,
  visitors: { conversationId?: string | null; acked: Map<string, { id: string; seq: number }> }[],
) {
  const problems: string[] = [];
  for (const v of visitors) {
    const { rows } = await sql.query<{ id: string; seq: number; client_id: string | null }>(
      `SELECT id, seq, client_id FROM messages WHERE conversation_id = $1 AND role = 'visitor'`,
      [v.conversationId],
    );
    for (const [clientId, ack] of v.acked) {
      const found = rows.filter((r) => r.client_id === clientId);
      if (found.length !== 1) problems.push(`${clientId} stored ${found.length} times`);
      else if (found[0].id !== ack.id || found[0].seq !== ack.seq)
        problems.push(`${clientId} stored with another id or seq`);
    }
  }
  return problems;
}

export const cleanUp = (dataDir: string) => fs.rmSync(dataDir, { recursive: true, force: true });
