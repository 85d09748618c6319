// The language of a piece of text, for choosing which language to answer or announce in.
export type Lang = "zh" | "en";

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/g;

/** The language of the visitor's text: Chinese when Han characters make up a fair share of its letters. */
export function detectLanguage(text: string): Lang {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(/[a-z]/gi)?.length ?? 0;
  // one Han character carries about as much as a short English word
  return han > 0 && han * 3 >= latin ? "zh" : "en";
}
