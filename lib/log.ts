// The one logger (pino): one JSON line per event with its level, and tenantId / conversationId where they apply, for
// a log collector; pretty lines for a person at a terminal (stdout a TTY, or KEFU_LOG_FORMAT=pretty).
// Rule: no message text, visitor names, emails or phone numbers at info level or above; ids only.
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { envVar } from "./env";

function create(): Logger {
  const format = envVar("KEFU_LOG_FORMAT") ?? (process.stdout.isTTY ? "pretty" : "json");
  const options: pino.LoggerOptions = {
    level: envVar("KEFU_LOG_LEVEL"),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (format === "pretty")
    return pino(options, pretty({ colorize: !!process.stdout.isTTY, sync: true, ignore: "pid" }));
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

const g = globalThis as unknown as { __kefuLog?: Logger };

/** The process's logger, kept on globalThis because Next bundles its own module copies. */
export function logger(): Logger {
  g.__kefuLog ??= create();
  return g.__kefuLog;
}

/** Fields an event carries: the ids it concerns, and `err` for an Error (its message and stack). */
export type LogFields = { tenantId?: string; conversationId?: string; err?: unknown; [k: string]: unknown };

export const log = {
  debug: (msg: string, fields: LogFields = {}) => logger().debug(fields, msg),
  info: (msg: string, fields: LogFields = {}) => logger().info(fields, msg),
  warn: (msg: string, fields: LogFields = {}) => logger().warn(fields, msg),
  error: (msg: string, fields: LogFields = {}) => logger().error(fields, msg),
};
