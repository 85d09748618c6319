import { decodeEntities, tableRow } from "./xml-text";

/**
 * The readable text of an HTML page as Markdown-ish text: scripts, styles, navigation, headers, footers and forms
 * are dropped; the <main> or <article> is used when there is one; h1–h6 become `#` headings (so the page splits like
 * Markdown) and table rows become "a | b | c" lines.
 */
export function htmlToText(html: string): { title: string; text: string } {
  const title = decodeEntities(html.match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1] ?? "")
    .replace(/\s+/g, " ")
    .trim();
  let s = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(
      /<(script|style|noscript|template|svg|iframe|nav|header|footer|form|aside|button|select)\b[\s\S]*?<\/\1\s*>/gi,
      " ",
    );
  const main = s.match(/<main\b[^>]*>([\s\S]*)<\/main>/i)?.[1] ?? s.match(/<article\b[^>]*>([\s\S]*)<\/article>/i)?.[1];
  s = main ?? s.match(/<body\b[^>]*>([\s\S]*)<\/body>/i)?.[1] ?? s;
  s = s.replace(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi, (_m, row: string) => {
    const cells = [...row.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) => c[1].replace(/<[^>]+>/g, " "));
    return `\n${tableRow(cells.map(decodeEntities))}\n`;
  });
  s = s
    .replace(
      /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi,
      (_m, level: string, inner: string) =>
        `\n\n${"#".repeat(Number(level))} ${inner
          .replace(/<[^>]+>/g, " ")
          .replace(/\s+/g, " ")
          .trim()}\n\n`,
    )
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/?(p|div|section|ul|ol|table|blockquote|pre|dl|dt|dd|figure|h[1-6])\b[^>]*>/gi, "\n\n")
    .replace(/<[^>]+>/g, " ");
  const text = decodeEntities(s)
    .split("\n")
    .map((l) => l.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { title, text };
}
