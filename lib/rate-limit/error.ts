import { KefuError } from "../errors";

/** A refusal for going too fast: says when to try again (HTTP Retry-After, socket ack `retryAfterMs`). */
export class RateLimitedError extends KefuError {
  constructor(
    message: string,
    public readonly retryAfterMs: number,
  ) {
    super("rate_limited", message);
  }
  get retryAfterS() {
    return Math.max(1, Math.ceil(this.retryAfterMs / 1000));
  }
  override toJSON() {
    return { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}
