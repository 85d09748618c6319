import { isDatabaseUnavailable, noteDatabaseDown } from "./db/outage";
import { log } from "./log";

/** The one error type: a code that maps to an HTTP status and a socket error, and a message meant for the user. */
export const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  too_long: 413,
  empty: 400,
  unauthorized: 401,
  forbidden: 403,
  cross_origin: 403, // a cookie-authenticated change sent by another site's page (lib/server/origin-check.ts)
  not_found: 404,
  conflict: 409,
  closed: 409,
  last_owner: 409, // the tenant's last active owner cannot be demoted or deactivated
  email_taken: 409,
  link_expired: 410, // a one-time link that was used, withdrawn or is too old
  bot_in_use: 409, // deleting a bot whose widget is live needs an explicit confirmation
  method_not_allowed: 405,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  busy: 503, // overloaded: nothing was stored, retry in a moment
  internal: 500,
  decrypt_failed: 500, // a value encrypted at rest failed its integrity check or its key is missing (lib/crypto)
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class KefuError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "KefuError";
  }
  get status(): number {
    return errorStatus[this.code];
  }
  toJSON() {
    return { code: this.code, message: withoutServerPaths(this.message) };
  }
}

export function toKefuError(err: unknown, context: string): KefuError {
  if (err instanceof KefuError) return err;
  // lib/crypto sits below this file (lib/db uses it), so its error is recognised by name: a value that failed its
  // integrity check is said so, clearly, instead of being answered as garbage or a generic failure
  if ((err as Error)?.name === "DecryptError") {
    log.error("a stored value failed its integrity check", { context, err: (err as Error).message });
    return new KefuError("decrypt_failed", (err as Error).message);
  }
  // an outage is logged once when it starts and once when it ends, not with a stack trace per failed request
  if (isDatabaseUnavailable(err)) noteDatabaseDown(firstLine(err));
  else log.error(`${context} failed`, { err });
  return new KefuError("internal", "Something went wrong on our side. Please try again.");
}

const firstLine = (err: unknown) =>
  String((err as Error)?.message ?? err)
    .split("\n")[0]
    .slice(0, 200);

export const MAX_MESSAGE_CHARS = 4000;

// Absolute paths on the server (a model file, the data folder) say how the machine is laid out: a tenant sees only
// the file's name. A URL's path ("http://host/a/b") is not preceded by a space or quote and is left alone.
const SERVER_PATH = /(?<=^|[\s('"`=:,])(?:\/[\w.@+-]+)+\/([\w.@+-]+)/g;
export const withoutServerPaths = (text: string) => text.replace(SERVER_PATH, "$1");
