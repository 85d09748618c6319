import { malformed } from "./types";

type TextItem = { str: string; transform: number[]; width: number; height: number };

/** Joins a page's text items into lines by their baseline; a wide gap between items (a table column) becomes " | ". */
function pageText(items: TextItem[]): string {
  const words = items
    .filter((i) => i.str.trim())
    .map((i) => ({
      s: i.str,
      x: i.transform[4],
      y: i.transform[5],
      w: i.width,
      h: Math.abs(i.transform[3]) || i.height || 10,
    }));
  const lines: (typeof words)[] = [];
  for (const w of words.sort((a, b) => b.y - a.y || a.x - b.x)) {
    const line = lines.find((l) => Math.abs(l[0].y - w.y) < Math.max(2, l[0].h * 0.4));
    if (line) line.push(w);
    else lines.push([w]);
  }
  return lines
    .map((l) => {
      l.sort((a, b) => a.x - b.x);
      let text = l[0].s;
      for (let i = 1; i < l.length; i++) {
        const gap = l[i].x - (l[i - 1].x + l[i - 1].w);
        text += gap > l[i].h * 1.5 ? " | " : gap > l[i].h * 0.15 ? " " : "";
        text += l[i].s;
      }
      return text.trim();
    })
    .join("\n");
}

/** The text layer of a PDF, page by page (pure JS: pdf.js through unpdf). A PDF with none (a scan) is an error. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  if (!Buffer.from(bytes.subarray(0, 1024)).toString("latin1").includes("%PDF-")) {
    throw malformed("This file is not a PDF: it does not start with %PDF-");
  }
  const { getDocumentProxy } = await import("unpdf");
  let doc;
  try {
    doc = await getDocumentProxy(new Uint8Array(bytes));
  } catch (err) {
    if ((err as Error).name === "PasswordException")
      throw malformed("This PDF is password-protected: remove the password and import it again");
    throw malformed(`The PDF could not be read (${(err as Error).message})`);
  }
  const pages: string[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageText(content.items as TextItem[]));
    }
  } finally {
    await doc.loadingTask.destroy();
  }
  const text = pages.join("\n\n").trim();
  if (!text)
    throw malformed(
      "This PDF has no text layer (is it a scan?): Kefu cannot read text from images. Export it with text, or run OCR first.",
    );
  return text;
}
