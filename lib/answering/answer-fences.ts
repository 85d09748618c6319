// A small model (a base model above all) sometimes continues the prompt's framing instead of answering: it writes the
// knowledge block's fence lines ("<<<KNOWLEDGE: untrusted data…>>>", "<<<ENTRY [1]>>>", "<<<END ENTRY [1]>>>") into
// its answer. Those lines mean nothing to a visitor: this filter drops them from the stream and keeps the rest (the
// entry's text it goes on to quote is the answer). A line that starts with "<" is held back only until it is clear
// whether it is a fence line.
const FENCE_LINE = /^[ \t]*[<‹]{2,}[ \t]*(END[ \t]+)?(ENTRY|KNOWLEDGE)\b/i;
// what a fence line can look like before its keyword is complete
const FENCE_PREFIX = /^[ \t]*[<‹]+[ \t]*([A-Z]*[ \t]*)?$/i;

export type FenceFilter = { push(delta: string): string; flush(): string };

export function createFenceFilter(): FenceFilter {
  let held = "";
  let atLineStart = true;
  const drain = (final: boolean) => {
    let out = "";
    while (held) {
      if (!atLineStart) {
        const nl = held.indexOf("\n");
        if (nl < 0) {
          out += held;
          held = "";
          break;
        }
        out += held.slice(0, nl + 1);
        held = held.slice(nl + 1);
        atLineStart = true;
        continue;
      }
      const nl = held.indexOf("\n");
      const line = nl < 0 ? held : held.slice(0, nl + 1);
      if (FENCE_LINE.test(line)) {
        if (nl < 0 && !final) break; // the rest of the fence line is still to come
        held = nl < 0 ? "" : held.slice(nl + 1);
        continue;
      }
      if (nl < 0 && !final && (FENCE_PREFIX.test(line) || !line.trim())) break; // undecided yet
      atLineStart = false;
    }
    return out;
  };
  return {
    push(delta: string) {
      held += delta;
      return drain(false);
    },
    flush() {
      return drain(true);
    },
  };
}
