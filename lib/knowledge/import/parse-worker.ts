// Runs in a child process of its own (see off-thread.ts), under memory and CPU limits the OS enforces: reads one
// PDF or DOCX, splits it into entries, and sends them back, or the user-facing error. Kept out of the server's
// process because pdf.js on a large or crafted file can compute for seconds and inflate a stream to gigabytes.
import { docxToMarkdown } from "./docx";
import { markdownItems, textItems } from "./markdown";
import { pdfText } from "./pdf";
import type { ImportItem } from "./types";

export type ParseRequest = { format: "pdf" | "docx"; bytes: Uint8Array; title: string };
export type ParseReply =
  | { ok: true; items: ImportItem[] }
  | { ok: false; code?: string; message: string; outOfMemory?: boolean };

process.once("message", async ({ format, bytes, title }: ParseRequest) => {
  let reply: ParseReply;
  try {
    // chunking tens of MB of text is seconds of work too, so it happens here as well
    reply = {
      ok: true,
      items: format === "pdf" ? textItems(await pdfText(bytes), title) : markdownItems(docxToMarkdown(bytes), title),
    };
  } catch (err) {
    // a refused allocation under the memory limit surfaces as a RangeError rather than a crash
    const outOfMemory =
      err instanceof RangeError && /allocation failed|Invalid array length|Invalid string length/i.test(err.message);
    reply = { ok: false, code: (err as { code?: string }).code, message: (err as Error).message, outOfMemory };
  }
  process.send!(reply, () => process.exit(0));
});
