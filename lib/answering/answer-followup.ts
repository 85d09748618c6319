// A follow-up carries its topic in the visitor's previous question ("How long does shipping take?" → "And to
// Germany?"): on its own it retrieves nothing and the bot would hand a question it can answer to a person. Only short
// questions that open or close like a follow-up count, so a new topic is never pulled back to the previous one.
const EN_OPENERS = /^(and|also|or|but|so|then|what about|how about|what if|same for|even)\b/i;
const ZH_MARKERS = /^(那|那么|还有|另外|如果|要是|同样)|呢[？?！!。.]?$/;
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/g;

export function isFollowUp(question: string): boolean {
  const q = question.trim();
  const han = q.match(HAN)?.length ?? 0;
  if (han) return han <= 16 && ZH_MARKERS.test(q);
  return q.split(/\s+/).length <= 8 && EN_OPENERS.test(q);
}

/** The text retrieval searches for a follow-up: the previous question and this one. */
export const followUpQuery = (previous: string, question: string) => `${previous}\n${question}`;
