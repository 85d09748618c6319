import { db } from "../../db/client";
import { KefuError } from "../../errors";
import { knowledgeChanged } from "../changes";
import type { ImportFormat, ImportItem } from "./types";
import { log } from "../../log";

const BATCH = 100;

const jobSelect = {
  id: true,
  knowledgeBaseId: true,
  source: true,
  format: true,
  status: true,
  total: true,
  done: true,
  created: true,
  updated: true,
  error: true,
  errorCode: true,
  createdAt: true,
  finishedAt: true,
} as const;

export type ImportJobView = {
  id: string;
  knowledgeBaseId: string;
  source: string;
  format: string;
  status: string;
  total: number;
  done: number;
  created: number;
  updated: number;
  error: string | null;
  errorCode: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

export async function knowledgeBaseOf(tenantId: string, knowledgeBaseId?: string): Promise<string> {
  const kb = await db().knowledgeBase.findFirst({
    where: { tenantId, ...(knowledgeBaseId ? { id: knowledgeBaseId } : {}) },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  if (!kb)
    throw new KefuError(
      "not_found",
      knowledgeBaseId ? "No such knowledge base" : "This workspace has no knowledge base yet",
    );
  return kb.id;
}

type StartInput = {
  knowledgeBaseId?: string;
  /** The file name or URL; entries remember it, and re-importing the same source updates them. */
  source: string;
  format: ImportFormat;
  /** Parsed entries, or a loader run in the background (a URL fetch). */
  items: ImportItem[] | (() => Promise<ImportItem[]>);
  /** Delete the source's entries that are no longer in it (default true: a re-import makes the base match the file). */
  prune?: boolean;
};

/**
 * Creates an import job and runs it in the background; poll getImportJob for its progress. Nothing else in Kefu
 * waits on it, so the server stays responsive while thousands of rows are written.
 */
export async function startImport(tenantId: string, input: StartInput): Promise<ImportJobView> {
  const knowledgeBaseId = await knowledgeBaseOf(tenantId, input.knowledgeBaseId);
  const source = input.source.trim().slice(0, 2000) || "import";
  const job = await db().importJob.create({
    data: {
      tenantId,
      knowledgeBaseId,
      source,
      format: input.format,
      total: Array.isArray(input.items) ? input.items.length : 0,
    },
    select: jobSelect,
  });
  void runImport(tenantId, job.id, knowledgeBaseId, source, input).catch((err) =>
    log.error(`import ${job.id} failed`, { tenantId, err }),
  );
  return job;
}

async function runImport(tenantId: string, jobId: string, knowledgeBaseId: string, source: string, input: StartInput) {
  let wrote = false;
  try {
    // a NUL inside a file or a web page carries no meaning and PostgreSQL text cannot hold it: dropped
    const items = (Array.isArray(input.items) ? input.items : await input.items()).map(withoutNul);
    await db().importJob.update({ where: { id: jobId }, data: { total: items.length } });
    const existing = await db().knowledgeEntry.findMany({
      where: { tenantId, knowledgeBaseId, source, sourceKey: { not: null } },
      select: { id: true, sourceKey: true, title: true, content: true, tags: true, kind: true },
    });
    const byKey = new Map(existing.map((e) => [e.sourceKey!, e]));
    const keep = new Set<string>();
    let created = 0;
    let updated = 0;
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      const fresh: ImportItem[] = [];
      const changed: { id: string; item: ImportItem }[] = [];
      for (const item of batch) {
        const sourceKey = `${source}#${item.key}`;
        keep.add(sourceKey);
        const old = byKey.get(sourceKey);
        if (!old) fresh.push(item);
        else if (
          old.title !== item.title ||
          old.content !== item.content ||
          old.kind !== item.kind ||
          old.tags.join("\n") !== item.tags.join("\n")
        ) {
          changed.push({ id: old.id, item });
        }
      }
      // an entry an admin disabled stays disabled when its source is imported again
      await db().$transaction([
        db().knowledgeEntry.createMany({
          data: fresh.map((it) => ({
            tenantId,
            knowledgeBaseId,
            source,
            sourceKey: `${source}#${it.key}`,
            kind: it.kind,
            title: it.title,
            content: it.content,
            tags: it.tags,
          })),
          skipDuplicates: true,
        }),
        ...changed.map(({ id, item }) =>
          db().knowledgeEntry.update({
            where: { id },
            data: { title: item.title, content: item.content, tags: item.tags, kind: item.kind },
            select: { id: true },
          }),
        ),
      ]);
      wrote ||= fresh.length + changed.length > 0;
      created += fresh.length;
      updated += changed.length;
      await db().importJob.update({ where: { id: jobId }, data: { done: i + batch.length, created, updated } });
    }
    if (input.prune !== false) {
      const gone = existing.filter((e) => !keep.has(e.sourceKey!)).map((e) => e.id);
      if (gone.length) {
        await db().knowledgeEntry.deleteMany({ where: { tenantId, id: { in: gone } } });
        wrote = true;
      }
    }
    await db().importJob.update({ where: { id: jobId }, data: { status: "done", finishedAt: new Date() } });
  } catch (err) {
    const message =
      err instanceof KefuError
        ? err.message
        : "The import failed on our side; nothing after the last saved row was imported.";
    const errorCode = err instanceof KefuError ? err.code : "import_failed";
    if (!(err instanceof KefuError)) log.error(`import ${jobId} failed`, { tenantId, err });
    await db().importJob.update({
      where: { id: jobId },
      data: { status: "failed", error: message, errorCode, finishedAt: new Date() },
    });
  } finally {
    if (wrote) await knowledgeChanged(tenantId);
  }
}

// An import takes seconds; one still "running" after this long died with its server (a restart mid-import). It is
// judged when read rather than at start, because with several Kefu servers another one may be running it.
const STALE_MS = 15 * 60_000;
const INTERRUPTED =
  "The import was interrupted (the server stopped). Import the file again: what was imported is updated, not duplicated.";

async function settleStale(tenantId: string, jobs: ImportJobView[]): Promise<ImportJobView[]> {
  const stale = jobs
    .filter((j) => j.status === "running" && Date.now() - j.createdAt.getTime() > STALE_MS)
    .map((j) => j.id);
  if (!stale.length) return jobs;
  const finishedAt = new Date();
  await db().importJob.updateMany({
    where: { tenantId, id: { in: stale }, status: "running" },
    data: { status: "failed", error: INTERRUPTED, errorCode: "import_interrupted", finishedAt },
  });
  return jobs.map((j) =>
    stale.includes(j.id)
      ? { ...j, status: "failed", error: INTERRUPTED, errorCode: "import_interrupted", finishedAt }
      : j,
  );
}

export async function getImportJob(tenantId: string, id: string): Promise<ImportJobView> {
  const job = await db().importJob.findFirst({ where: { id, tenantId }, select: jobSelect });
  if (!job) throw new KefuError("not_found", "No such import");
  return (await settleStale(tenantId, [job]))[0];
}

export async function listImportJobs(tenantId: string, take = 10): Promise<ImportJobView[]> {
  return settleStale(
    tenantId,
    await db().importJob.findMany({ where: { tenantId }, select: jobSelect, orderBy: { createdAt: "desc" }, take }),
  );
}

/** Polls a job until it is no longer running (tests and `?wait=1` callers). */
export async function waitForImport(tenantId: string, id: string, timeoutMs = 30_000): Promise<ImportJobView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await getImportJob(tenantId, id);
    if (job.status !== "running" || Date.now() > until) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const withoutNul = (i: ImportItem): ImportItem => ({
  ...i,
  title: i.title.replaceAll("\u0000", ""),
  content: i.content.replaceAll("\u0000", ""),
});
