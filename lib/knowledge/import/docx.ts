import { unzipSync } from "fflate";
import { malformed } from "./types";
import { decodeEntities, tableRow } from "./xml-text";

const MAX_XML_BYTES = 50 * 1024 * 1024;

/**
 * The text of a .docx as Markdown: Heading 1–6 styles become `#` headings (so the document splits like Markdown),
 * tables become one line per row with cells joined by " | ". Reads only word/document.xml and refuses one that
 * would unpack to more than 50 MB (a zip bomb).
 */
export function docxToMarkdown(bytes: Uint8Array): string {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    throw malformed("This file is not a DOCX: a .docx is a zip archive, and this one does not start like one");
  }
  let xml: Uint8Array | undefined;
  try {
    const files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== "word/document.xml") return false;
        if (f.originalSize > MAX_XML_BYTES) throw malformed("The DOCX's text unpacks to more than 50 MB");
        return true;
      },
    });
    xml = files["word/document.xml"];
  } catch (err) {
    if ((err as { code?: string }).code === "bad_request") throw err;
    throw malformed(`The DOCX archive is damaged (${(err as Error).message})`);
  }
  if (!xml) throw malformed("This zip has no word/document.xml: it is not a Word document");
  return documentXmlToMarkdown(new TextDecoder().decode(xml));
}

export function documentXmlToMarkdown(xml: string): string {
  const out: string[] = [];
  let para = "";
  let heading = 0;
  let inText = false;
  const tables: { rows: string[][]; row: string[] | null; cell: string[] | null }[] = [];
  const endParagraph = () => {
    const text = para.replace(/[ \t]+/g, " ").trim();
    const table = tables.at(-1);
    if (table?.cell) {
      if (text) table.cell.push(text);
    } else if (text) out.push(heading ? `${"#".repeat(heading)} ${text}` : text);
    para = "";
    heading = 0;
  };
  for (const m of xml.matchAll(/<(\/?)(w:[A-Za-z]+)([^>]*?)(\/?)>|([^<]+)/g)) {
    const [, close, tag, attrs, selfClose, text] = m;
    if (text !== undefined) {
      if (inText) para += decodeEntities(text);
      continue;
    }
    if (tag === "w:t") inText = !close && !selfClose;
    else if (tag === "w:tab" && !close) para += " ";
    else if ((tag === "w:br" || tag === "w:cr") && !close) para += "\n";
    else if (tag === "w:pStyle" && !close) {
      const style = attrs.match(/w:val="([^"]*)"/)?.[1] ?? "";
      const level = style.match(/^(?:heading|Heading|berschrift|标题)\s*([1-6])$/)?.[1] ?? (style === "Title" ? "1" : "");
      if (level) heading = Number(level);
    } else if (tag === "w:p" && close) endParagraph();
    else if (tag === "w:tbl") {
      if (!close) tables.push({ rows: [], row: null, cell: null });
      else {
        const t = tables.pop()!;
        const lines = t.rows.map(tableRow).filter((r) => r.replace(/[|\s]/g, ""));
        const parent = tables.at(-1);
        if (parent?.cell) parent.cell.push(lines.join("; "));
        else if (lines.length) out.push(lines.join("\n"));
      }
    } else if (tag === "w:tr" && tables.length) {
      const t = tables.at(-1)!;
      if (!close) t.row = [];
      else if (t.row) {
        t.rows.push(t.row);
        t.row = null;
      }
    } else if (tag === "w:tc" && tables.length) {
      const t = tables.at(-1)!;
      if (!close) t.cell = [];
      else if (t.cell) {
        t.row?.push(t.cell.join(" "));
        t.cell = null;
      }
    }
  }
  return out.join("\n\n");
}
