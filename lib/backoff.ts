/** How long a crashed engine process waits before its next start: 250 ms doubling up to 30 s. */
export function restartDelayMs(restarts: number): number {
  return Math.min(30_000, 250 * 2 ** Math.min(restarts, 7));
}
