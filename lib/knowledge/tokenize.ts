import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { stem } from "./tokenize-stem";
import { STOP_EN, STOP_ZH } from "./tokenize-stopwords";
import { foldPhrases, synonym } from "./tokenize-synonyms";

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
// a run of letters/digits; Chinese and Latin inside one run are split apart below
const RUN = /[\p{L}\p{N}]+/gu;
const SCRIPT_PARTS =
  /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|(?:(?![\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])\p{L})+|\p{N}+/gu;

// Building the segmenter from its dictionary takes about 0.25 s: once per process, on the first Chinese text.
const g = globalThis as unknown as { __kefuJieba?: Jieba };
function jieba(): Jieba {
  g.__kefuJieba ??= Jieba.withDict(dict);
  return g.__kefuJieba;
}

/** Chinese words of one run: jieba's search mode (a long word also yields its dictionary sub-words). */
function chineseWords(run: string, out: string[]) {
  for (const w of jieba().cutForSearch(run, true)) {
    if (!CJK.test(w) || STOP_ZH.has(w)) continue;
    out.push(synonym(w, stem));
  }
}

/**
 * Word tokens for retrieval. Chinese is segmented into words with jieba (search mode), English is lower-cased,
 * stripped of stop words and stemmed, numbers are kept; mixed text ("iPhone15怎么退货") is split by script first.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const run of foldPhrases(text.normalize("NFKC").toLowerCase()).match(RUN) ?? []) {
    for (const part of run.match(SCRIPT_PARTS) ?? []) {
      if (CJK.test(part)) chineseWords(part, out);
      else if (/^\p{N}+$/u.test(part)) out.push(part);
      else if (!STOP_EN.has(part)) out.push(synonym(stem(part), stem));
    }
  }
  return out;
}

/** Chinese characters of a text, as `#字` tokens: a weak signal that still links "退钱" and "退款", "寄修" and "维修". */
export function chineseChars(text: string): string[] {
  const out: string[] = [];
  for (const c of text.normalize("NFKC")) if (CJK.test(c) && !STOP_CHARS.has(c)) out.push(`#${c}`);
  return out;
}
const STOP_CHARS = new Set([
  ..."的了吗呢吧啊呀么我你您他她它们这那是在有没和与就都也还很要想能可以会怎什如何多少久请问",
]);

/**
 * Pairs of adjacent Chinese characters, as `##字字` tokens: a third, character-level field that still links
 * paraphrases jieba segments differently (an out-of-dictionary "退运费" vs "退货运费" share "##运费"), and is more
 * specific than single characters. Stop characters are kept: a pair is what carries the meaning.
 */
export function chineseBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.normalize("NFKC").match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.push(`##${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

/** The distinct tokens of a text. */
export function terms(text: string): string[] {
  return [...new Set(tokenize(text))];
}
