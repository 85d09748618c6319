// `kefu keys …`: encryption at rest (docs/encryption.md). Run with the same KEFU_ENCRYPTION_KEY as the server.
import { cliActor, recordAuditEverywhere } from "../audit";
import { rotateKeys, sealedCounts } from "../db/rotate-keys";
import type { Command } from "./args";
import { UsageError } from "./output";

const positive = (values: Record<string, unknown>, name: string, fallback: number) => {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < (name === "pause-ms" ? 0 : 1))
    throw new UsageError(`--${name} must be a whole number${name === "pause-ms" ? "" : " above 0"}`);
  return n;
};

const keysRotate: Command = {
  name: "keys rotate",
  summary:
    "Re-encrypt every encrypted field with the newest key (the last of KEFU_ENCRYPTION_KEY), in batches, while Kefu serves",
  usage: "kefu keys rotate [--batch 500] [--pause-ms 20] [--json]",
  options: {
    batch: { type: "string", description: "Rows re-encrypted per short transaction (default 500)" },
    "pause-ms": {
      type: "string",
      description: "Pause between batches, leaving the database to the serving Kefu (default 20)",
    },
  },
  prepare(values) {
    const batch = positive(values, "batch", 500);
    const pauseMs = positive(values, "pause-ms", 20);
    return async () => {
      const result = await rotateKeys({
        batch,
        pauseMs,
        onBatch: (p) => process.stderr.write(`[kefu] ${p.table}.${p.column}: ${p.rewritten} re-encrypted\n`),
      });
      const counts = await sealedCounts();
      // the keys are the installation's, not one workspace's: every owner sees that their data was re-encrypted
      await recordAuditEverywhere(cliActor(), "keys.rotate", {
        keyId: result.keyId,
        rewrittenInstallationWide: result.rewritten,
      });
      const left = Object.entries(counts).filter(([k]) => k !== result.keyId);
      const text = [
        `Re-encrypted ${result.rewritten} value(s) with key "${result.keyId}".`,
        left.length
          ? `Still under other keys or plaintext (written meanwhile by a server with older settings?): ${left.map(([k, n]) => `${k} ${n}`).join(", ")}. Run again.`
          : "Every encrypted field now uses this key: older keys can be removed from KEFU_ENCRYPTION_KEY once every server runs with it.",
      ].join("\n");
      return { json: { ...result, counts }, text };
    };
  },
};

const keysStatus: Command = {
  name: "keys status",
  summary: "How many stored values each encryption key sealed, and how many are still plaintext",
  usage: "kefu keys status [--json]",
  options: {},
  prepare() {
    return async () => {
      const counts = await sealedCounts();
      const rows = Object.entries(counts);
      return {
        json: counts,
        text: rows.length ? `KEY\tVALUES\n${rows.map(([k, n]) => `${k}\t${n}`).join("\n")}` : "No values stored yet.",
      };
    };
  },
};

export const KEYS_COMMANDS: Command[] = [keysRotate, keysStatus];
