// The one reader of the environment: every variable Kefu reads, typed and validated here (README, Configuration).
// `checkEnv()` runs first at start, so a bad value stops Kefu with a message naming it before anything is created.
// Values are read live (a test or a bench may set a variable after importing lib/), parsed once per raw value.
import os from "node:os";
import path from "node:path";
import { z } from "zod";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const positive = (fallback: number) => z.coerce.number().positive().default(fallback);
const flag = z.enum(["0", "1"]).optional();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535, "a TCP port (1-65535)").default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  // not traced by the build: the data folder holds databases, model files and the eval models' Python venv, whose
  // symlinks out of the project stopped `next build` once `npm run models:eval` had made it
  KEFU_DATA_DIR: z.string().default(path.resolve(/*turbopackIgnore: true*/ process.cwd(), ".kefu")),
  KEFU_PUBLIC_URL: z.string().url().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXT_TELEMETRY_DISABLED: z.string().optional(),
  KEFU_ADMIN_EMAIL: z.string().email().optional(),
  KEFU_ADMIN_PASSWORD: z.string().min(8).optional(),
  KEFU_OPERATOR_TENANT: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/, "a workspace slug (lower-case letters, digits, -)")
    .optional(),
  KEFU_METRICS_TOKEN: z.string().min(8).optional(),
  KEFU_REDIS_URL: z.string().url().optional(),
  KEFU_REDIS_PREFIX: z.string().default("kefu"),
  // models and inference
  KEFU_MODEL_PATH: z.string().optional(),
  KEFU_MODELS_DIR: z.string().default(path.resolve(/*turbopackIgnore: true*/ process.cwd(), "models")),
  KEFU_EMBEDDING_MODEL_PATH: z.string().optional(),
  KEFU_NO_DOWNLOAD: flag,
  KEFU_THREADS: z.coerce.number().int().positive().optional(),
  // checked by lib/llm/cpu-pin.ts, which ignores a malformed list with a warning rather than refusing to start
  KEFU_INFERENCE_CPUS: z.string().optional(),
  KEFU_SEQUENCES: positiveInt(4),
  KEFU_QUEUE_LIMIT: positiveInt(16),
  KEFU_ANSWER_TIMEOUT_MS: positiveInt(60_000),
  KEFU_STALL_TIMEOUT_MS: positiveInt(15_000),
  KEFU_EMBED_TIMEOUT_MS: positiveInt(120_000),
  KEFU_TOKEN_COALESCE_MS: z.coerce.number().int().min(0).default(50),
  KEFU_PROMPT_REUSE: flag,
  KEFU_ANSWER_TRACE: flag,
  KEFU_DEGRADE_CPU: positive(0.8),
  KEFU_DEGRADE_QUEUE_MS: positiveInt(2000),
  KEFU_SUMMARY_TIMEOUT_MS: positiveInt(8000),
  // conversations and delivery
  KEFU_VISITOR_GONE_MS: positiveInt(30_000),
  KEFU_APPEND_MAX_BATCH: positiveInt(4000),
  KEFU_APPEND_LANES: positiveInt(2),
  KEFU_APPEND_MAX_QUEUE: positiveInt(20_000),
  KEFU_APPEND_MAX_WAIT_MS: positiveInt(1000),
  KEFU_DB_POOL_MAX: positiveInt(10),
  KEFU_DB_MAX_WAITING: positiveInt(200),
  KEFU_IMPORT_PARSE_TIMEOUT_MS: positiveInt(60_000),
  KEFU_IMPORT_PARSE_MEMORY_MB: positiveInt(2048),
  KEFU_SHUTDOWN_GRACE_MS: positiveInt(8000),
  KEFU_RESTART_RETRY_MS: positiveInt(1000),
  // how often this server looks for conversations to close for inactivity (the time itself is per tenant)
  KEFU_INACTIVITY_SWEEP_MS: z.coerce.number().int().min(100).default(60_000),
  // a reverse proxy in front: its X-Forwarded-For / X-Forwarded-Proto are believed (never without one)
  KEFU_TRUST_PROXY: z.enum(["0", "1"]).optional(),
  // rate limits (docs/security.md#rate-limits)
  KEFU_LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).default(5),
  KEFU_LOGIN_FREE_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  KEFU_LOGIN_MAX_DELAY_S: z.coerce.number().int().min(1).default(900),
  KEFU_VISITOR_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  KEFU_WIDGET_CONNECTIONS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  KEFU_API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  // outgoing webhooks (docs/webhooks.md)
  KEFU_WEBHOOKS_ALLOW_PRIVATE: flag,
  KEFU_WEBHOOKS_TIMEOUT_MS: positiveInt(10_000),
  KEFU_WEBHOOKS_RETRY_BASE_MS: positiveInt(10_000),
  KEFU_WEBHOOKS_GIVE_UP_HOURS: positive(26),
  KEFU_WEBHOOKS_POLL_MS: positiveInt(1000),
  // encryption at rest (docs/encryption.md): `id:key,id:key` (hex or base64, 32 bytes each), the last one writes
  KEFU_ENCRYPTION_KEY: z
    .string()
    .regex(
      /^([A-Za-z0-9_-]{1,32}:)?[A-Za-z0-9+/=_-]+(,([A-Za-z0-9_-]{1,32}:)?[A-Za-z0-9+/=_-]+)*$/,
      "keys as id:hex-or-base64, comma-separated",
    )
    .optional(),
  KEFU_ENCRYPTION_KEY_FILE: z.string().optional(),
  KEFU_ENCRYPTION_CIPHER: z.enum(["sm4", "aes-256-gcm"]).default("sm4"),
  // logs (lib/log.ts): JSON lines unless stdout is a terminal
  KEFU_LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  KEFU_LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  // privacy: how often closed conversations past their workspace's retention period are deleted
  KEFU_RETENTION_SWEEP_MS: positiveInt(3_600_000),
});

export type Env = z.infer<typeof envSchema>;
type Key = keyof Env;

/** The names Kefu reads, for checks that a deployment's configuration (docker/compose.yaml) names only real ones. */
export const ENV_KEYS = Object.keys(envSchema.shape) as Key[];

/** Checks a whole environment given as values (not this process's): the problems, one per bad variable. */
export function envProblems(values: Record<string, string | undefined>): string[] {
  return ENV_KEYS.flatMap((key) => {
    const result = envSchema.shape[key].safeParse(values[key] || undefined);
    return result.success ? [] : [describe(key, result.error)];
  });
}

// an empty variable (DATABASE_URL=) means unset, as in a shell
const raw = (key: Key) => process.env[key] || undefined;
const describe = (key: string, err: z.ZodError) => err.issues.map((i) => `${key}: ${i.message}`).join("; ");
const parsed = new Map<Key, { raw: string | undefined; value: unknown }>();

/** One variable, typed; throws naming the variable when its value is invalid. */
export function envVar<K extends Key>(key: K): Env[K] {
  const value = raw(key);
  const hit = parsed.get(key);
  if (hit && hit.raw === value) return hit.value as Env[K];
  const result = envSchema.shape[key].safeParse(value);
  if (!result.success) throw new Error(`Invalid environment: ${describe(key, result.error)}`);
  parsed.set(key, { raw: value, value: result.data });
  return result.data as Env[K];
}

/** Every variable at once, read live: `env().PORT`. */
export function env(): Env {
  return new Proxy({} as Env, { get: (_, key) => envVar(key as Key) });
}

/** Validates the whole environment; throws one error naming every bad variable. Run before anything is created. */
export function checkEnv(): void {
  const problems: string[] = [];
  for (const key of Object.keys(envSchema.shape) as Key[]) {
    const result = envSchema.shape[key].safeParse(raw(key));
    if (!result.success) problems.push(describe(key, result.error));
  }
  if (problems.length) throw new Error(`Invalid environment: ${problems.join("; ")}`);
}

/** The environment a child process of Kefu's inherits, with `extra` on top. */
export function childProcessEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Sets a variable for this process and its children (next-auth and the Next.js handlers read some themselves). */
export function setEnvVar(key: Key, value: string): void {
  process.env[key] = value;
}

/** Threads for llama.cpp: the cores we actually have (oversubscribing 2 cores made generation ~100x slower). */
export function defaultThreads(): number {
  const configured = envVar("KEFU_THREADS");
  if (configured) return configured;
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  // leave one core for the web server and Postgres when we have several
  return Math.max(1, cores > 2 ? cores - 1 : 1);
}
