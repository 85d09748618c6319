import crypto from "node:crypto";
import { env } from "../env";
import { RateLimitedError } from "./error";
import { limiter, take } from "./store";

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** REST /api/v1: requests per API key per minute (KEFU_API_REQUESTS_PER_MINUTE). */
export async function limitApiKey(apiKey: string) {
  const l = limiter({ name: "api", points: env().KEFU_API_REQUESTS_PER_MINUTE, durationS: 60 });
  // counted under a digest: the key itself is a secret and must not sit in Redis
  const wait = await take(l, crypto.createHash("sha256").update(apiKey).digest("base64url"));
  if (wait) throw new RateLimitedError(`Too many requests with this API key: try again in ${seconds(wait)} s`, wait);
}

/** The widget: new socket connections per address per minute (KEFU_WIDGET_CONNECTIONS_PER_MINUTE). */
export async function limitWidgetConnection(address: string) {
  const l = limiter({ name: "widget-conn", points: env().KEFU_WIDGET_CONNECTIONS_PER_MINUTE, durationS: 60 });
  const wait = await take(l, address);
  if (wait)
    throw new RateLimitedError(`Too many chat connections from this address: try again in ${seconds(wait)} s`, wait);
}

/** Messages a visitor sends per minute (KEFU_VISITOR_MESSAGES_PER_MINUTE), over all their tabs and servers. */
export async function limitVisitorMessage(visitorId: string) {
  const l = limiter({ name: "visitor-msg", points: env().KEFU_VISITOR_MESSAGES_PER_MINUTE, durationS: 60 });
  const wait = await take(l, visitorId);
  if (wait) throw new RateLimitedError(`You are sending messages too quickly: try again in ${seconds(wait)} s`, wait);
}
