// The analytics statements read messages through covering indexes only (migration 20261204104000_analytics_covering):
// each statement's plan, with sequential and bitmap scans turned off so the planner shows which index can answer it
// alone, must read messages (and the conversation-only statements, conversations) by an Index Only Scan. An index that
// loses a column a statement reads, or a statement that starts reading one more, fails here before it makes the
// page slow on a million messages (bench/analytics.ts measures that).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { statements } from "../lib/analytics";
import { db, disconnectDb } from "../lib/db/client";
import { Prisma } from "../lib/db/generated/client";
import { makeTenant } from "./helpers/fixtures";

type Plan = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: Plan[] };
const scans = (p: Plan): Plan[] => [...(p["Relation Name"] ? [p] : []), ...(p.Plans ?? []).flatMap(scans)];

let tenantId: string;
let botId: string;
before(async () => {
  const t = await makeTenant("plans");
  tenantId = t.tenant.id;
  botId = t.bot.id;
});
after(() => disconnectDb());

async function plan(sql: Prisma.Sql): Promise<Plan> {
  return db().$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
    await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
    const [row] = await tx.$queryRaw<{ "QUERY PLAN": [{ Plan: Plan }] }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${sql}`);
    return row["QUERY PLAN"][0].Plan;
  });
}

// the statements that read only conversations also answer from an index alone (resolution time reads the closed_at
// index and then the few conversations a person took, which is not worth a wider index on every conversation update)
const CONVERSATIONS_ONLY = ["conversationsPerDay", "outcomes", "csat"];

for (const withBot of [false, true]) {
  test(`every analytics statement reads messages from an index alone${withBot ? " (one bot)" : ""}`, async () => {
    const scope = {
      tenantId,
      from: new Date("2026-10-01T00:00:00Z"),
      to: new Date("2026-10-31T00:00:00Z"),
      ...(withBot ? { botId } : {}),
    };
    for (const [name, build] of Object.entries(statements)) {
      const read = scans(await plan(build(scope)));
      for (const s of read.filter(
        (x) =>
          x["Relation Name"] === "messages" ||
          (CONVERSATIONS_ONLY.includes(name) && x["Relation Name"] === "conversations"),
      )) {
        assert.equal(
          s["Node Type"],
          "Index Only Scan",
          `${name}: ${s["Relation Name"]} read by ${s["Node Type"]} on ${s["Index Name"] ?? "the table"}`,
        );
      }
      if (name !== "knowledgeGaps" && name !== "resolution")
        assert.ok(
          read.some((x) => x["Relation Name"] === "messages" || x["Relation Name"] === "conversations"),
          name,
        );
    }
  });
}

// messages per bot count each message's own bot column (migration 20261204109000_message_bot): joining every message in
// range to its conversation for its bot was the slowest part of the page on a million messages
for (const withBot of [false, true]) {
  test(`messages per bot read no conversations${withBot ? " (one bot)" : ""}`, async () => {
    const scope = {
      tenantId,
      from: new Date("2026-10-01T00:00:00Z"),
      to: new Date("2026-10-31T00:00:00Z"),
      ...(withBot ? { botId } : {}),
    };
    for (const name of ["perBot", "perModel", "firstResponse"] as const) {
      const read = scans(await plan(statements[name](scope)));
      assert.ok(
        !read.some((x) => x["Relation Name"] === "conversations"),
        `${name} reads conversations: ${read.map((x) => x["Index Name"] ?? x["Relation Name"])}`,
      );
    }
  });
}
