import { ZodError } from "zod";
import { KefuError } from "../errors";

/** A mistake in the command line itself (exit code 2, with the command's help). */
export class UsageError extends Error {}

/** An admin change the command made: main.ts records it in the workspace's audit log as the operator (lib/audit). */
export type CliAudit = { tenantId: string; action: string; target: string | null; diff?: unknown };

export type Output = { json: unknown; text: string; audit?: CliAudit[] };

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Writes the result: machine-readable JSON on stdout with --json, else the text for people. */
export function print(out: Output, json: boolean) {
  process.stdout.write(json ? `${JSON.stringify(out.json, null, 2)}\n` : `${out.text}\n`);
}

/** zod paths are the input's field names, which are the option names (`email` → `--email`). */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof ZodError) {
    return {
      code: "bad_request",
      message: err.issues.map((i) => `${i.path.length ? `--${i.path.join(".")}` : "input"}: ${i.message}`).join("; "),
    };
  }
  if (err instanceof KefuError) return err.toJSON();
  if (err instanceof UsageError) return { code: "usage", message: err.message };
  // operator tool on the operator's machine: the real reason helps more than a generic message
  return { code: "internal", message: err instanceof Error ? err.message : String(err) };
}

export function printError(err: unknown, json: boolean) {
  const error = describeError(err);
  if (json) process.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
  else process.stderr.write(`kefu: ${error.message}\n`);
}
