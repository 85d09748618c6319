import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { envVar } from "../env";
import { createClient } from "redis";

// One store per process: in memory on a single server; with KEFU_REDIS_URL (scaled out) in Redis, so a visitor or an
// attacker spread over several servers by the load balancer is counted once. If Redis is unreachable the limits fall
// back to this server's memory rather than refusing everyone or letting everything through.
type RedisClient = { on(event: "error", f: () => void): unknown; connect(): Promise<unknown> };
const g = globalThis as unknown as {
  __kefuLimiters?: Map<string, RateLimiterAbstract>;
  __kefuLimitRedis?: RedisClient | null;
};

function redis(): RedisClient | null {
  if (g.__kefuLimitRedis !== undefined) return g.__kefuLimitRedis;
  const url = envVar("KEFU_REDIS_URL");
  if (!url) return (g.__kefuLimitRedis = null);
  // commands fail at once while Redis is away (the in-memory insurance answers) instead of queueing behind a sign-in
  const client: RedisClient = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (n) => Math.min(100 * 2 ** n, 2_000) },
  });
  client.on("error", () => {}); // the socket.io adapter on the same Redis logs the outage
  void client.connect().catch(() => {
    /* the reconnect strategy keeps trying; meanwhile the in-memory insurance limiter answers */
  });
  return (g.__kefuLimitRedis = client);
}

export type LimiterOptions = { name: string; points: number; durationS: number };

export function limiter({ name, points, durationS }: LimiterOptions): RateLimiterAbstract {
  const id = `${name}:${points}:${durationS}`;
  const all = (g.__kefuLimiters ??= new Map());
  let l = all.get(id);
  if (!l) {
    const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: durationS });
    const client = redis();
    l = client
      ? new RateLimiterRedis({
          storeClient: client,
          useRedisPackage: true,
          keyPrefix: `kefu:rl:${name}`,
          points,
          duration: durationS,
          insuranceLimiter: memory,
        })
      : memory;
    all.set(id, l);
  }
  return l;
}

/** Takes `points` from `key`'s budget: undefined when allowed, else how long until it is allowed again. */
export async function take(l: RateLimiterAbstract, key: string, points = 1): Promise<number | undefined> {
  try {
    await l.consume(key, points);
    return undefined;
  } catch (res) {
    if (res instanceof RateLimiterRes) return Math.max(1, res.msBeforeNext);
    throw res;
  }
}
