import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import { after, before, test } from "node:test";
import pg from "pg";
import { migrate } from "../lib/db/migrate";

// The SQL migrations are applied by Kefu itself (the Prisma schema engine cannot run here); this test keeps them
// and prisma/schema.prisma from drifting: same tables, same columns, same nullability and types, same indexes.

type Column = { column: string; type: string; nullable: boolean };
const SCALARS: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  DateTime: "timestamp without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

function parseSchema(src: string) {
  const tables = new Map<string, { columns: Map<string, Column>; uniques: string[][]; indexes: string[][] }>();
  for (const [, name, body] of src.matchAll(/model (\w+) \{([\s\S]*?)\n\}/g)) {
    const columns = new Map<string, Column>();
    const fieldCol = new Map<string, string>();
    const uniques: string[][] = [];
    const indexes: string[][] = [];
    let table = name;
    for (const raw of body.split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      if (!line) continue;
      const map = line.match(/^@@map\("([^"]+)"\)/);
      if (map) table = map[1];
      const block = line.match(/^@@(unique|index|id)\(\[([^\]]+)\]/);
      if (block && block[1] !== "id")
        (block[1] === "unique" ? uniques : indexes).push(block[2].split(",").map((s) => s.trim().replace(/\(.*$/, ""))); // name(ops: …) → name
      const field = line.match(/^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/);
      if (!field || line.startsWith("@@")) continue;
      const [, fname, ftype, list, optional, rest] = field;
      if (!SCALARS[ftype]) continue; // relation field
      const column = rest.match(/@map\("([^"]+)"\)/)?.[1] ?? fname;
      fieldCol.set(fname, column);
      if (rest.includes("@unique")) uniques.push([fname]);
      columns.set(column, {
        column,
        type: list ? "ARRAY" : SCALARS[ftype],
        nullable: Boolean(optional) || Boolean(list),
      });
    }
    const toCols = (fields: string[]) => fields.map((f) => fieldCol.get(f) ?? f);
    tables.set(table, { columns, uniques: uniques.map(toCols), indexes: indexes.map(toCols) });
  }
  return tables;
}

let admin: pg.Client;
let client: pg.Client;
const dbName = `kefu_schema_${crypto.randomBytes(4).toString("hex")}`;

before(async () => {
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${dbName}`;
  await migrate(url.toString());
  client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
});

after(async () => {
  await client?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.end();
});

test("the SQL migrations create exactly the tables and columns of prisma/schema.prisma", async () => {
  const schema = parseSchema(fs.readFileSync("prisma/schema.prisma", "utf8"));
  const { rows } = await client.query(
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_kefu_migrations'`,
  );
  const actual = new Map<string, Map<string, Column>>();
  for (const r of rows) {
    if (!actual.has(r.table_name)) actual.set(r.table_name, new Map());
    actual
      .get(r.table_name)!
      .set(r.column_name, { column: r.column_name, type: r.data_type, nullable: r.is_nullable === "YES" });
  }
  assert.deepEqual([...actual.keys()].sort(), [...schema.keys()].sort(), "tables differ");
  for (const [table, { columns }] of schema) {
    const cols = actual.get(table)!;
    assert.deepEqual([...cols.keys()].sort(), [...columns.keys()].sort(), `columns of ${table} differ`);
    for (const [name, expected] of columns) assert.deepEqual(cols.get(name), expected, `${table}.${name} differs`);
  }
});

test("every @@unique, @unique and @@index of the schema exists in the database", async () => {
  const schema = parseSchema(fs.readFileSync("prisma/schema.prisma", "utf8"));
  const { rows } = await client.query(`SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'`);
  const defs = rows.map((r) => ({
    table: r.tablename as string,
    unique: /UNIQUE/.test(r.indexdef),
    cols: (r.indexdef.match(/\(([^)]+)\)/)?.[1] ?? "")
      .replace(/"/g, "")
      .split(", ")
      .map((c: string) => c.split(" ")[0]),
  })); // "text gin_trgm_ops" → text
  for (const [table, { uniques, indexes }] of schema) {
    for (const cols of uniques)
      assert.ok(
        defs.some((d) => d.table === table && d.unique && d.cols.join() === cols.join()),
        `unique (${cols}) on ${table}`,
      );
    for (const cols of indexes)
      assert.ok(
        defs.some((d) => d.table === table && d.cols.join() === cols.join()),
        `index (${cols}) on ${table}`,
      );
  }
});

test("applying the migrations again changes nothing", async () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${dbName}`;
  assert.deepEqual(await migrate(url.toString()), []);
});
