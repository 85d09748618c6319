// A tiny Markdown renderer for bot and agent messages: paragraphs, **bold**, *italic*, `code`, fenced code, lists
// and links. It builds DOM nodes (never an HTML string), so markup in a message is only ever text. Links keep to
// http(s) and mailto and open in a new tab without the opener; images are never loaded — a remote image could
// report who read the message — and show as a link instead.

export type Inline =
  | { t: "text"; v: string }
  | { t: "strong" | "em"; c: Inline[] }
  | { t: "code"; v: string }
  | { t: "link"; href: string; c: Inline[] };
export type Block = { t: "p"; c: Inline[] } | { t: "ul" | "ol"; items: Inline[][] } | { t: "pre"; v: string };

const SAFE_HREF = /^(https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+)$/i;
export const safeHref = (url: string): string | undefined => (SAFE_HREF.test(url.trim()) ? url.trim() : undefined);

// one alternation, tried left to right at each position: image, link, code, bold, italic, bare URL. No lookbehind
// (Safari before 16.4 would refuse the whole script): "_" inside a word is checked by hand below.
const TOKEN =
  /!\[([^\]\n]*)\]\(([^)\s]*)\)|\[([^\]\n]+)\]\(([^)\s]*)\)|`([^`\n]+)`|\*\*(.+?)\*\*|__(.+?)__(?!\w)|\*([^*\s](?:[^*\n]*?[^*\s])?)\*|_([^_\s](?:[^_\n]*?[^_\s])?)_(?![\w])|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'])/;

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  const text = (v: string) => {
    if (!v) return;
    const last = out[out.length - 1];
    if (last?.t === "text") last.v += v;
    else out.push({ t: "text", v });
  };
  let rest = src;
  let before = ""; // the character before `rest`
  while (rest) {
    const m = TOKEN.exec(rest);
    if (!m) break;
    const [whole, imgAlt, imgUrl, linkText, linkUrl, code, bold1, bold2, em1, em2, bare] = m;
    const prev = m.index ? rest[m.index - 1] : before;
    if ((bold2 !== undefined || em2 !== undefined) && /\w/.test(prev)) {
      // snake_case and a.__b: an underscore inside a word is just a character
      text(rest.slice(0, m.index + 1));
      before = rest[m.index];
      rest = rest.slice(m.index + 1);
      continue;
    }
    text(rest.slice(0, m.index));
    if (imgUrl !== undefined) {
      const href = safeHref(imgUrl);
      const label = imgAlt || imgUrl;
      if (href) out.push({ t: "link", href, c: [{ t: "text", v: label }] });
      else text(label);
    } else if (linkText !== undefined) {
      const href = safeHref(linkUrl);
      if (href) out.push({ t: "link", href, c: parseInline(linkText) });
      else text(linkText); // javascript:, data: and the like: the words stay, the link goes
    } else if (code !== undefined) out.push({ t: "code", v: code });
    else if (bold1 !== undefined || bold2 !== undefined) out.push({ t: "strong", c: parseInline(bold1 ?? bold2) });
    else if (em1 !== undefined || em2 !== undefined) out.push({ t: "em", c: parseInline(em1 ?? em2) });
    else if (bare !== undefined) out.push({ t: "link", href: bare, c: [{ t: "text", v: bare }] });
    before = whole[whole.length - 1];
    rest = rest.slice(m.index + whole.length);
  }
  text(rest);
  return out;
}

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBER = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;

export function parseMarkdown(src: string): Block[] {
  const blocks: Block[] = [];
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ t: "p", c: parseInline(para.join("\n")) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s{0,3}```/.test(line)) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !/^\s{0,3}```/.test(lines[i])) code.push(lines[i]);
      blocks.push({ t: "pre", v: code.join("\n") });
      continue;
    }
    const kind = BULLET.test(line) ? "ul" : NUMBER.test(line) ? "ol" : undefined;
    if (kind) {
      flush();
      const re = kind === "ul" ? BULLET : NUMBER;
      const items: Inline[][] = [];
      for (; i < lines.length && re.test(lines[i]); i++) items.push(parseInline(re.exec(lines[i])![1]));
      i--;
      blocks.push({ t: kind, items });
      continue;
    }
    if (!line.trim()) flush();
    else para.push(line);
  }
  flush();
  return blocks;
}

function renderInline(parent: Node, nodes: Inline[]) {
  for (const n of nodes) {
    if (n.t === "text") parent.appendChild(document.createTextNode(n.v));
    else if (n.t === "code") parent.appendChild(document.createElement("code")).textContent = n.v;
    else if (n.t === "link") {
      const a = document.createElement("a");
      a.setAttribute("href", n.href);
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer");
      renderInline(a, n.c);
      parent.appendChild(a);
    } else renderInline(parent.appendChild(document.createElement(n.t === "strong" ? "strong" : "em")), n.c);
  }
}

/** Replaces `target`'s children with the rendered message. */
export function renderMarkdown(target: HTMLElement, src: string) {
  const frag = document.createDocumentFragment();
  for (const b of parseMarkdown(src)) {
    if (b.t === "p") renderInline(frag.appendChild(document.createElement("p")), b.c);
    else if (b.t === "pre")
      frag.appendChild(document.createElement("pre")).appendChild(document.createElement("code")).textContent = b.v;
    else {
      const list = frag.appendChild(document.createElement(b.t));
      for (const item of b.items) renderInline(list.appendChild(document.createElement("li")), item);
    }
  }
  target.replaceChildren(frag);
}
