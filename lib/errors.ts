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
  method_not_allowed: 405,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  busy: 503, // overloaded: nothing was stored, retry in a moment
  internal: 500,
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
    return { code: this.code, message: this.message };
  }
}

export function toKefuError(err: unknown, context: string): KefuError {
  if (err instanceof KefuError) return err;
  console.error(`[kefu] ${context}:`, err);
  return new KefuError("internal", "Something went wrong on our side. Please try again.");
}

export const MAX_MESSAGE_CHARS = 4000;
