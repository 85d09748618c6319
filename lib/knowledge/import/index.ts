import { z } from "zod";
import type { SafeFetchOptions } from "../../net/safe-fetch";
import { knowledgeBaseOf, startImport } from "./jobs";
import { formatOfName, parseFile, type FileFormat } from "./parse";
import { MAX_CONTENT, malformed, questionKey, splitTags, type ImportItem } from "./types";
import { urlItems } from "./url";

export { getImportJob, listImportJobs, waitForImport, type ImportJobView } from "./jobs";
export { formatOfName, parseFile } from "./parse";
export { MAX_IMPORT_BYTES, importFormats, type ImportFormat, type ImportItem } from "./types";

/** Imports an uploaded file: parsed now (so a bad file is answered at once), written in the background. */
export async function importFile(
  tenantId: string,
  input: { name: string; bytes: Uint8Array; knowledgeBaseId?: string; format?: FileFormat },
) {
  const name =
    input.name
      .replace(/^.*[\\/]/, "")
      .trim()
      .slice(0, 200) || "upload";
  const format = input.format ?? formatOfName(name);
  // the knowledge base is checked before the (possibly slow) parse
  const knowledgeBaseId = await knowledgeBaseOf(tenantId, input.knowledgeBaseId);
  const items = await parseFile(name, input.bytes, format);
  return startImport(tenantId, { knowledgeBaseId, source: name, format, items });
}

export const importUrlSchema = z.object({
  url: z
    .string()
    .trim()
    .url("not a web address")
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u), "only http and https addresses"),
  knowledgeBaseId: z.string().min(1).max(100).optional(),
});

/** Imports one web page; it is fetched in the background, so fetch errors (and SSRF refusals) end the job. */
export async function importUrl(tenantId: string, input: z.input<typeof importUrlSchema>, net?: SafeFetchOptions) {
  const { url, knowledgeBaseId } = importUrlSchema.parse(input);
  return startImport(tenantId, { knowledgeBaseId, source: url, format: "url", items: () => urlItems(url, net) });
}

export const bulkEntriesSchema = z.object({
  knowledgeBaseId: z.string().min(1).max(100).optional(),
  source: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .default("api")
    .describe("Names the batch; entries are matched by source and key (or question) on the next import"),
  replace: z.boolean().default(false).describe("Delete this source's entries that are not in this request"),
  entries: z
    .array(
      z.object({
        key: z.string().trim().min(1).max(200).optional().describe("Your id for the entry; defaults to its question"),
        title: z.string().trim().min(1, "the title is empty").max(300),
        content: z.string().trim().min(1, "the content is empty").max(MAX_CONTENT),
        tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
      }),
    )
    .min(1, "no entries")
    .max(5000),
});

/** Imports entries sent as JSON (REST bulk import). */
export async function importEntries(tenantId: string, input: z.input<typeof bulkEntriesSchema>) {
  const data = bulkEntriesSchema.parse(input);
  const seen = new Map<string, number>();
  const items: ImportItem[] = data.entries.map((e, i) => {
    const key = e.key ? `k:${e.key}` : questionKey(e.title);
    const earlier = seen.get(key);
    if (earlier !== undefined)
      throw malformed(`entries.${i}: the ${e.key ? "key" : "title"} repeats entries.${earlier}`);
    seen.set(key, i);
    return { key, title: e.title, content: e.content, tags: splitTags(e.tags.join(",")), kind: "faq" };
  });
  return startImport(tenantId, {
    knowledgeBaseId: data.knowledgeBaseId,
    source: data.source,
    format: "json",
    items,
    prune: data.replace,
  });
}
