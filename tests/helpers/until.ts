/** Polls `cond` every 20 ms until it holds; past `ms` it fails naming what it waited for (and `detail()`, if given). */
export async function until(cond: () => boolean, what: string, ms = 30_000, detail?: () => string) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${detail ? ` (${detail()})` : ""}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
