// The Porter stemmer (M. F. Porter, 1980), so "refunds", "refunded" and "refunding" meet at "refund" and
// "deliveries"/"delivery" at "deliveri". Words of one or two letters and non-ASCII words are kept as they are.

const isCons = (w: string, i: number): boolean => {
  const c = w[i];
  if ("aeiou".includes(c)) return false;
  if (c === "y") return i === 0 ? true : !isCons(w, i - 1);
  return true;
};

/** m in [C](VC)^m[V]: the number of vowel-consonant sequences in the stem. */
function measure(s: string): number {
  let m = 0;
  let i = 0;
  const n = s.length;
  while (i < n && isCons(s, i)) i++;
  while (i < n) {
    while (i < n && !isCons(s, i)) i++;
    if (i >= n) break;
    while (i < n && isCons(s, i)) i++;
    m++;
  }
  return m;
}

const hasVowel = (s: string) => [...s].some((_, i) => !isCons(s, i));
const doubleCons = (s: string) => s.length > 1 && s[s.length - 1] === s[s.length - 2] && isCons(s, s.length - 1);
/** cvc where the last c is not w, x or y: "hop", not "hoop" or "snow". */
const cvc = (s: string) => {
  const n = s.length;
  return n >= 3 && isCons(s, n - 1) && !isCons(s, n - 2) && isCons(s, n - 3) && !"wxy".includes(s[n - 1]);
};

/** Replaces the first matching suffix when the remaining stem passes `ok`; returns undefined when none matched. */
function replace(w: string, rules: [string, string][], ok: (stem: string) => boolean): string | undefined {
  for (const [suffix, by] of rules) {
    if (!w.endsWith(suffix)) continue;
    const s = w.slice(0, -suffix.length);
    return ok(s) ? s + by : w;
  }
  return undefined;
}

const STEP2: [string, string][] = [
  ["ational", "ate"],
  ["tional", "tion"],
  ["enci", "ence"],
  ["anci", "ance"],
  ["izer", "ize"],
  ["bli", "ble"],
  ["alli", "al"],
  ["entli", "ent"],
  ["eli", "e"],
  ["ousli", "ous"],
  ["ization", "ize"],
  ["ation", "ate"],
  ["ator", "ate"],
  ["alism", "al"],
  ["iveness", "ive"],
  ["fulness", "ful"],
  ["ousness", "ous"],
  ["aliti", "al"],
  ["iviti", "ive"],
  ["biliti", "ble"],
  ["logi", "log"],
];
const STEP3: [string, string][] = [
  ["icate", "ic"],
  ["ative", ""],
  ["alize", "al"],
  ["iciti", "ic"],
  ["ical", "ic"],
  ["ful", ""],
  ["ness", ""],
];
const STEP4 = [
  "al",
  "ance",
  "ence",
  "er",
  "ic",
  "able",
  "ible",
  "ant",
  "ement",
  "ment",
  "ent",
  "ion",
  "ou",
  "ism",
  "ate",
  "iti",
  "ous",
  "ive",
  "ize",
];

export function stem(word: string): string {
  let w = word;
  if (w.length <= 2 || !/^[a-z]+$/.test(w)) return w;

  // 1a: plurals
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = w.slice(0, -2);
  else if (w.endsWith("ss")) {
    /* kept */
  } else if (w.endsWith("s")) w = w.slice(0, -1);

  // 1b: -ed, -ing
  if (w.endsWith("eed")) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    const suffix = w.endsWith("ed") ? "ed" : w.endsWith("ing") ? "ing" : "";
    if (suffix && hasVowel(w.slice(0, -suffix.length))) {
      w = w.slice(0, -suffix.length);
      if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
      else if (doubleCons(w) && !"lsz".includes(w[w.length - 1])) w = w.slice(0, -1);
      else if (measure(w) === 1 && cvc(w)) w += "e";
    }
  }

  // 1c: y → i
  if (w.endsWith("y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";

  w = replace(w, STEP2, (s) => measure(s) > 0) ?? w;
  w = replace(w, STEP3, (s) => measure(s) > 0) ?? w;

  // 4: drop a derivational suffix from a long enough stem
  for (const suffix of STEP4) {
    if (!w.endsWith(suffix)) continue;
    const s = w.slice(0, -suffix.length);
    if (measure(s) > 1 && (suffix !== "ion" || /[st]$/.test(s))) w = s;
    break;
  }

  // 5: final -e and -ll
  if (w.endsWith("e")) {
    const s = w.slice(0, -1);
    const m = measure(s);
    if (m > 1 || (m === 1 && !cvc(s))) w = s;
  }
  if (measure(w) > 1 && doubleCons(w) && w.endsWith("l")) w = w.slice(0, -1);
  return w;
}
