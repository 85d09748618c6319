import crypto from "node:crypto";
import { KefuError } from "../../errors";

export const importFormats = ["csv", "md", "txt", "json", "pdf", "docx", "url"] as const;
export type ImportFormat = (typeof importFormats)[number];

/** One entry an import produces; `key` is its identity inside the source, so a re-import updates it. */
export type ImportItem = { key: string; title: string; content: string; tags: string[]; kind: "faq" | "doc" };

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_TITLE = 300;
export const MAX_CONTENT = 20000;

/** A file the importer cannot read: the message names the line or field. */
export const malformed = (message: string) => new KefuError("bad_request", message);

/** A FAQ row's identity is its question (normalised), so reordering rows or editing an answer updates in place. */
export function questionKey(question: string): string {
  const norm = question.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  return "q:" + crypto.createHash("sha256").update(norm).digest("hex").slice(0, 20);
}

export const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max - 1).trimEnd() + "…" : s);

/** "a; b, c｜d" → ["a", "b", "c", "d"]: the separators people use in a tags cell, Chinese ones too. */
export function splitTags(cell: string): string[] {
  return [
    ...new Set(
      cell
        .split(/[,;|，；、｜]/)
        .map((t) => t.trim().slice(0, 40))
        .filter(Boolean),
    ),
  ].slice(0, 20);
}
