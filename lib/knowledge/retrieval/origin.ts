import type { EntryOrigin } from "./bm25";

// the file formats Kefu imports: any other source is no document (typed in the console, or a batch named in an
// API import), so it names no place a visitor could look
const DOCUMENT = /\.(csv|md|markdown|txt|json|pdf|docx)$/i;

/**
 * Where an entry came from, from its `source` (the import's URL or file name). Only http(s) URLs are links: a
 * citation's URL ends up as an href in the visitor's browser.
 */
export function entryOrigin(source: string): EntryOrigin | undefined {
  if (/^https?:\/\//i.test(source)) {
    try {
      const url = new URL(source);
      return url.protocol === "http:" || url.protocol === "https:" ? { url: url.href } : undefined;
    } catch {
      return undefined;
    }
  }
  return DOCUMENT.test(source) ? { document: source } : undefined;
}
