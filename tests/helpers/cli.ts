import { main } from "../../lib/cli/main";
import { run, type Run } from "./run";

/** `kefu …` as a user runs it: a process of its own, on the test server's database. */
export const kefu = (...args: string[]) => run(process.execPath, ["bin/kefu.mjs", ...args]);

/**
 * `kefu …` for command lines refused before any database work (help, usage and validation errors): the CLI's own
 * `main` in this process, its output captured. A process start costs seconds on a loaded machine; these answers
 * do not depend on it. `main` writes such answers before its first await, so the capture holds no other output
 * (the test runner's own reports go through the same stdout).
 */
export async function kefuRefusal(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => (
    (stdout += String(chunk)), true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (
    (stderr += String(chunk)), true
  )) as typeof process.stderr.write;
  let pending: Promise<number>;
  try {
    pending = main(args);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const code = await pending;
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {}
  return { code, stdout, stderr, json };
}

/**
 * `kefu …` through the CLI's own `main` in this process, for a test that runs many commands: the same parsing,
 * database work and audit recording as the binary, without a process start (seconds each on a loaded machine).
 * Its output is captured for the command's whole run; the test runner writes nothing while a test body awaits.
 */
export async function kefuInProcess(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => (
    (stdout += String(chunk)), true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (
    (stderr += String(chunk)), true
  )) as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(args);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    // a text answer (no --json): the caller reads stdout
  }
  return { code, stdout, stderr, json };
}
