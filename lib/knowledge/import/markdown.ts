import { chunkText } from "../chunk";
import { MAX_TITLE, clip, type ImportItem } from "./types";

type Section = { path: string[]; body: string };

/** Splits Markdown at ATX headings (`#` … `######`, not inside ``` fences); text before the first heading is its own section. */
export function markdownSections(text: string): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let body: string[] = [];
  let fence = false;
  const flush = () => {
    const b = body.join("\n").trim();
    if (b) sections.push({ path: [...path], body: b });
    body = [];
  };
  for (const line of text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const h = fence ? null : line.match(/^(#{1,6})\s+(.+?)\s*#*\s*$/);
    if (!h) {
      body.push(line);
      continue;
    }
    flush();
    const level = h[1].length;
    path.length = Math.min(path.length, level - 1);
    while (path.length < level - 1) path.push("");
    path.push(h[2].trim());
  }
  flush();
  return sections;
}

/**
 * Document sections as entries: the heading path ("Returns › Refunds") is the title, long sections are chunked with
 * overlap. `name` titles the text before the first heading. Keys follow the heading path, so editing one section
 * of a document updates that section's entries only.
 */
export function documentItems(sections: Section[], name: string): ImportItem[] {
  const items: ImportItem[] = [];
  const used = new Map<string, number>();
  for (const s of sections) {
    const title = s.path.filter(Boolean).join(" › ") || name;
    const n = (used.get(title) ?? 0) + 1;
    used.set(title, n);
    const chunks = chunkText(s.body);
    chunks.forEach((content, i) => {
      items.push({
        key: `s:${title}${n > 1 ? `#${n}` : ""}${chunks.length > 1 ? `#chunk:${i + 1}` : ""}`.slice(0, 500),
        title: clip(chunks.length > 1 ? `${title} (${i + 1}/${chunks.length})` : title, MAX_TITLE),
        content,
        tags: [],
        kind: "doc",
      });
    });
  }
  return items;
}

export const markdownItems = (text: string, name: string) => documentItems(markdownSections(text), name);

/** Plain text: one document, chunked. */
export const textItems = (text: string, name: string) =>
  documentItems([{ path: [], body: text.replace(/^\uFEFF/, "") }], name);
