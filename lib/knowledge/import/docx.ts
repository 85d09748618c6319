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
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== "word/document.xml" && f.name !== "word/styles.xml") return false;
        if (f.originalSize > MAX_XML_BYTES) throw malformed("The DOCX's text unpacks to more than 50 MB");
        return true;
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code === "bad_request") throw err;
    throw malformed(`The DOCX archive is damaged (${(err as Error).message})`);
  }
  const xml = files["word/document.xml"];
  if (!xml) throw malformed("This zip has no word/document.xml: it is not a Word document");
  const styles = files["word/styles.xml"];
  return documentXmlToMarkdown(
    new TextDecoder().decode(xml),
    styles ? headingStyles(new TextDecoder().decode(styles)) : new Map(),
  );
}

/**
 * Heading level by style id. Word's ids are language-dependent ("Heading1" in English, "1" or "2" in a Chinese
 * Word), so the level comes from the style's name ("heading 1") or its outline level, as Word itself decides.
 */
export function headingStyles(stylesXml: string): Map<string, number> {
  const levels = new Map<string, number>();
  for (const m of stylesXml.matchAll(/<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const [, id, body] = m;
    const name = body.match(/<w:name w:val="([^"]+)"/)?.[1]?.toLowerCase() ?? "";
    const byName = name.match(/^heading ([1-6])$/)?.[1] ?? (name === "title" ? "1" : "");
    const outline = body.match(/<w:outlineLvl w:val="(\d)"/)?.[1];
    const level = byName ? Number(byName) : outline !== undefined && Number(outline) < 6 ? Number(outline) + 1 : 0;
    if (level) levels.set(id, level);
  }
  return levels;
}

export function documentXmlToMarkdown(xml: string, styleLevels: Map<string, number> = new Map()): string {
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
      const level =
        styleLevels.get(style) ?? Number(style.match(/^heading\s*([1-6])$/i)?.[1] ?? (style === "Title" ? 1 : 0));
      if (level) heading = level;
    } else if (tag === "w:outlineLvl" && !close) {
      const lvl = Number(attrs.match(/w:val="(\d)"/)?.[1] ?? 9);
      if (lvl < 6) heading = lvl + 1;
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
