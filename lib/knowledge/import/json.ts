import { MAX_CONTENT, malformed, questionKey, splitTags, type ImportItem } from "./types";

function lineOf(text: string, position: number): number {
  return text.slice(0, position).split("\n").length;
}

const str = (v: unknown) => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "");

/** A JSON array (or `{ "entries": [...] }`) of `{ question | title, answer | content, tags? }`. */
export function jsonItems(text: string): ImportItem[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    const msg = (err as Error).message;
    const pos = msg.match(/position (\d+)/);
    throw malformed(
      `${pos ? `line ${lineOf(text, Number(pos[1]))}: ` : ""}the file is not valid JSON (${msg.replace(/ in JSON at position \d+.*$/, "").slice(0, 120)})`,
    );
  }
  const list = Array.isArray(data) ? data : (data as { entries?: unknown })?.entries;
  if (!Array.isArray(list))
    throw malformed('The JSON must be an array of entries, or an object with an "entries" array');
  if (!list.length) throw malformed("The JSON has no entries");
  const seen = new Map<string, number>();
  return list.map((raw, i) => {
    const where = `entry ${i + 1}`;
    if (!raw || typeof raw !== "object" || Array.isArray(raw))
      throw malformed(`${where}: must be an object with question and answer`);
    const o = raw as Record<string, unknown>;
    const question = str(o.question ?? o.title);
    const answer = str(o.answer ?? o.content);
    if (!question) throw malformed(`${where}: the question (or title) field is missing or empty`);
    if (!answer) throw malformed(`${where}: the answer (or content) field is missing or empty`);
    if (question.length > 300) throw malformed(`${where}: the question is ${question.length} characters; at most 300`);
    if (answer.length > MAX_CONTENT)
      throw malformed(`${where}: the answer is ${answer.length} characters; at most ${MAX_CONTENT}`);
    let tags: string[] = [];
    if (Array.isArray(o.tags)) {
      if (!o.tags.every((t) => typeof t === "string")) throw malformed(`${where}: tags must be strings`);
      tags = splitTags((o.tags as string[]).join(","));
    } else if (typeof o.tags === "string") tags = splitTags(o.tags);
    else if (o.tags !== undefined && o.tags !== null) throw malformed(`${where}: tags must be a list of strings`);
    const key = questionKey(question);
    const earlier = seen.get(key);
    if (earlier) throw malformed(`${where}: the question repeats entry ${earlier}`);
    seen.set(key, i + 1);
    return { key, title: question, content: answer, tags, kind: "faq" as const };
  });
}
