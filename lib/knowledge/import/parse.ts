import { KefuError } from "../../errors";
import { csvItems } from "./csv";
import { docxToMarkdown } from "./docx";
import { jsonItems } from "./json";
import { markdownItems, textItems } from "./markdown";
import { pdfText } from "./pdf";
import { MAX_IMPORT_BYTES, malformed, type ImportFormat, type ImportItem } from "./types";

export type FileFormat = Exclude<ImportFormat, "url">;

const EXTENSIONS: Record<string, FileFormat> = {
  csv: "csv", md: "md", markdown: "md", txt: "txt", text: "txt", json: "json", pdf: "pdf", docx: "docx",
};

/** The format a file's name says it is; the bytes are checked against it when parsed. */
export function formatOfName(name: string): FileFormat {
  const ext = name.toLowerCase().match(/\.([a-z]+)$/)?.[1] ?? "";
  const format = EXTENSIONS[ext];
  if (!format) {
    throw malformed(`${name}: Kefu imports .csv, .md, .txt, .json, .pdf and .docx files${ext === "doc" ? " (save a .doc as .docx first)" : ""}`);
  }
  return format;
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Text files must be UTF-8; a file that is binary (has NUL bytes or is not UTF-8) is not what its name says. */
function utf8(bytes: Uint8Array, name: string, format: FileFormat): string {
  const head = bytes.subarray(0, 8);
  const magic = head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46 ? "a PDF" : head[0] === 0x50 && head[1] === 0x4b ? "a zip archive (a DOCX or XLSX?)" : "";
  if (magic) throw malformed(`${name} is ${magic}, not a .${format} text file`);
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.includes("\u0000")) throw new Error("NUL");
    return text;
  } catch {
    throw malformed(`${name} is not UTF-8 text: save it as UTF-8 (CSV UTF-8 in Excel) and import it again`);
  }
}

const baseName = (name: string) => name.replace(/^.*[\\/]/, "").replace(/\.[a-z]+$/i, "");

/** Parses an uploaded file into entries. Errors name the line, entry or field that is wrong. */
export async function parseFile(name: string, bytes: Uint8Array, format: FileFormat = formatOfName(name)): Promise<ImportItem[]> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new KefuError("too_long", `${name} is ${mb(bytes.length)}; the limit for an import is ${mb(MAX_IMPORT_BYTES)}`);
  }
  if (!bytes.length) throw malformed(`${name} is empty`);
  let items: ImportItem[];
  switch (format) {
    case "csv":
      items = csvItems(utf8(bytes, name, format));
      break;
    case "json":
      items = jsonItems(utf8(bytes, name, format));
      break;
    case "md":
      items = markdownItems(utf8(bytes, name, format), baseName(name));
      break;
    case "txt":
      items = textItems(utf8(bytes, name, format), baseName(name));
      break;
    case "pdf":
      items = textItems(await pdfText(bytes), baseName(name));
      break;
    case "docx":
      items = markdownItems(docxToMarkdown(bytes), baseName(name));
      break;
  }
  if (!items.length) throw malformed(`${name} has no text to import`);
  return items;
}
