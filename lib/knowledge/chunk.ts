/** Chunk size and overlap in characters: about 250–300 English words, or a long paragraph of Chinese. */
export const CHUNK_SIZE = 1200;
export const CHUNK_OVERLAP = 200;

// Where a chunk may end, best first: a blank line, a line end, a sentence end (English or Chinese), a space.
const BREAKS = [/\n\s*\n/g, /\n/g, /[.!?。！？；;](?=\s|$)|[。！？；]/g, /\s/g];

function cutAt(text: string, start: number, end: number): number {
  const window = text.slice(start, end);
  for (const re of BREAKS) {
    let best = -1;
    for (const m of window.matchAll(re)) {
      const at = m.index + m[0].length;
      // a cut in the first half would make tiny chunks; look for a weaker break later on instead
      if (at > window.length / 2) best = at;
    }
    if (best > 0) return start + best;
  }
  return end;
}

/**
 * Splits long text into chunks of at most `size` characters that overlap by about `overlap` characters, cutting at
 * paragraph, line or sentence ends where it can so that a chunk reads on its own.
 */
export function chunkText(text: string, size = CHUNK_SIZE, overlap = CHUNK_OVERLAP): string[] {
  const clean = text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (!clean) return [];
  if (clean.length <= size) return [clean];
  const chunks: string[] = [];
  let start = 0;
  while (start < clean.length) {
    const end = start + size >= clean.length ? clean.length : cutAt(clean, start, start + size);
    chunks.push(clean.slice(start, end).trim());
    if (end >= clean.length) break;
    // the next chunk starts `overlap` back, moved forward to a word or sentence start
    let next = Math.max(end - overlap, start + 1);
    const space = clean.slice(next, end).search(/[\s。！？]/);
    if (space >= 0 && next + space + 1 < end) next = next + space + 1;
    start = next;
  }
  return chunks.filter(Boolean);
}
