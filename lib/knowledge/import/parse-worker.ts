// Runs in a worker thread (see off-thread.ts): reads one PDF or DOCX, splits it into entries, and posts them back,
// or the user-facing error. Kept apart from the server's thread because pdf.js on a large or crafted file can compute for seconds.
import { parentPort } from "node:worker_threads";
import { docxToMarkdown } from "./docx";
import { markdownItems, textItems } from "./markdown";
import { pdfText } from "./pdf";
import type { ImportItem } from "./types";

export type ParseRequest = { format: "pdf" | "docx"; bytes: Uint8Array; title: string };
export type ParseReply = { ok: true; items: ImportItem[] } | { ok: false; code?: string; message: string };

parentPort!.once("message", async ({ format, bytes, title }: ParseRequest) => {
  let reply: ParseReply;
  try {
    // chunking tens of MB of text is seconds of work too, so it happens here as well
    reply = { ok: true, items: format === "pdf" ? textItems(await pdfText(bytes), title) : markdownItems(docxToMarkdown(bytes), title) };
  } catch (err) {
    reply = { ok: false, code: (err as { code?: string }).code, message: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
