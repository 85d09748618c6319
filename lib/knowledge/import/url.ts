import { safeFetch, type SafeFetchOptions } from "../../net/safe-fetch";
import { htmlToText } from "./html";
import { markdownItems, textItems } from "./markdown";
import { pdfText } from "./pdf";
import { malformed, type ImportItem } from "./types";

/** The page's text in its declared charset (Chinese sites still serve GBK), UTF-8 when none is declared or known. */
function decode(body: Buffer, contentType: string): string {
  const head = body.toString("latin1", 0, 2048);
  const charset = (
    contentType.match(/charset=["']?([\w-]+)/i)?.[1] ??
    head.match(/<meta[^>]+charset=["']?([\w-]+)/i)?.[1] ??
    "utf-8"
  ).toLowerCase();
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return body.toString("utf8");
  }
}

/** Fetches one public page (never private addresses, see lib/net) and turns its readable text into entries. */
export async function urlItems(url: string, net: SafeFetchOptions = {}): Promise<ImportItem[]> {
  const page = await safeFetch(url, net);
  const type = page.contentType.split(";")[0].trim().toLowerCase();
  const name = new URL(page.url).hostname + new URL(page.url).pathname.replace(/\/$/, "");
  let items: ImportItem[];
  if (type === "application/pdf") items = textItems(await pdfText(page.body), name);
  else if (
    type === "text/html" ||
    type === "application/xhtml+xml" ||
    (!type && /^\s*</.test(page.body.toString("utf8", 0, 200)))
  ) {
    const { title, text } = htmlToText(decode(page.body, page.contentType));
    items = markdownItems(text, title || name);
  } else if (type === "text/markdown") items = markdownItems(page.body.toString("utf8"), name);
  else if (type.startsWith("text/")) items = textItems(page.body.toString("utf8"), name);
  else throw malformed(`${url} is ${type || "of an unknown type"}, not a web page, text or PDF`);
  if (!items.length) throw malformed(`${url} has no readable text`);
  return items;
}
