import { KefuError } from "../../errors";
import { csvItems } from "./csv";
import { jsonItems } from "./json";
import { markdownItems, textItems } from "./markdown";
import { readDocumentOffThread } from "./off-thread";
import { MAX_IMPORT_BYTES, malformed, type ImportFormat, type ImportItem } from "./types";

export type FileFormat = Exclude<ImportFormat, "url">;

const EXTENSIONS: Record<string, FileFormat> = {
  csv: "csv",
  md: "md",
  markdown: "md",
  txt: "txt",
  text: "txt",
  json: "json",
  pdf: "pdf",
  docx: "docx",
};

/** The format a file's name says it is; the bytes are checked against it when parsed. */
export function formatOfName(name: string): FileFormat {
  const ext = name.toLowerCase().match(/\.([a-z]+)$/)?.[1] ?? "";
  const format = EXTENSIONS[ext];
  if (!format) {
    throw malformed(
      `${name}: Kefu imports .csv, .md, .txt, .json, .pdf and .docx files${ext === "doc" ? " (save a .doc as .docx first)" : ""}`,
    );
  }
  return format;
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/**
 * Text files in UTF-8, or in GB18030/GBK, which is what Excel on a Chinese Windows saves as "CSV". A file that is
 * neither, or holds control characters, is binary: not what its name says.
 */
function decodeText(bytes: Uint8Array, name: string, format: FileFormat): string {
  const head = bytes.subarray(0, 8);
  const magic =
    head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46
      ? "a PDF"
      : head[0] === 0x50 && head[1] === 0x4b
        ? "a zip archive (a DOCX or XLSX?)"
        : "";
  if (magic) throw malformed(`${name} is ${magic}, not a .${format} text file`);
  for (const encoding of ["utf-8", "gb18030"]) {
    try {
      const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
      if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return text;
    } catch {
      // not this encoding: try the next one
    }
  }
  throw malformed(
    `${name} is not a text file in UTF-8 (or GBK): save it as UTF-8 (Excel: "CSV UTF-8") and import it again`,
  );
}

const baseName = (name: string) => name.replace(/^.*[\\/]/, "").replace(/\.[a-z]+$/i, "");

/** Parses an uploaded file into entries. Errors name the line, entry or field that is wrong. */
export async function parseFile(
  name: string,
  bytes: Uint8Array,
  format: FileFormat = formatOfName(name),
): Promise<ImportItem[]> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new KefuError(
      "too_long",
      `${name} is ${mb(bytes.length)}; the limit for an import is ${mb(MAX_IMPORT_BYTES)}`,
    );
  }
  if (!bytes.length) throw malformed(`${name} is empty`);
  let items: ImportItem[];
  switch (format) {
    case "csv":
      items = csvItems(decodeText(bytes, name, format));
      break;
    case "json":
      items = jsonItems(decodeText(bytes, name, format));
      break;
    case "md":
      items = markdownItems(decodeText(bytes, name, format), baseName(name));
      break;
    case "txt":
      items = textItems(decodeText(bytes, name, format), baseName(name));
      break;
    case "pdf":
      // PDF and DOCX are read in a worker thread: on the server's thread a large one stops every visitor (measured:
      // an 800-page PDF held the event loop for 2.1 s, a DOCX of 300,000 paragraphs for 3.1 s)
      items = await readDocumentOffThread("pdf", bytes, baseName(name));
      break;
    case "docx":
      items = await readDocumentOffThread("docx", bytes, baseName(name));
      break;
  }
  if (!items.length) throw malformed(`${name} has no text to import`);
  return items;
}
