import os from "node:os";
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  PORT: z.coerce.number().int().positive().default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  KEFU_DATA_DIR: z.string().default(path.resolve(process.cwd(), ".kefu")),
  KEFU_MODEL_PATH: z.string().optional(),
  KEFU_MODELS_DIR: z.string().default(path.resolve(process.cwd(), "models")),
  KEFU_THREADS: z.coerce.number().int().positive().optional(),
  KEFU_ADMIN_EMAIL: z.string().email().optional(),
  KEFU_ADMIN_PASSWORD: z.string().min(8).optional(),
  KEFU_METRICS_TOKEN: z.string().min(8).optional(),
  KEFU_PUBLIC_URL: z.string().url().optional(),
  KEFU_NO_DOWNLOAD: z.enum(["0", "1"]).optional(),
  KEFU_OPERATOR_TENANT: z.string().regex(/^[a-z0-9-]{1,60}$/, "a workspace slug (lower-case letters, digits, -)").optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  // a reverse proxy in front: its X-Forwarded-For / X-Forwarded-Proto are believed (never without one)
  KEFU_TRUST_PROXY: z.enum(["0", "1"]).optional(),
  // rate limits (docs/security.md#rate-limits)
  KEFU_LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).default(5),
  KEFU_LOGIN_FREE_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  KEFU_LOGIN_MAX_DELAY_S: z.coerce.number().int().min(1).default(900),
  KEFU_VISITOR_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  KEFU_WIDGET_CONNECTIONS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  KEFU_API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    // an empty variable (DATABASE_URL=) means unset, as in a shell
    const vars = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
    const parsed = envSchema.safeParse(vars);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid environment: ${details}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Threads for llama.cpp: the cores we actually have (oversubscribing 2 cores made generation ~100x slower). */
export function defaultThreads(): number {
  const configured = env().KEFU_THREADS;
  if (configured) return configured;
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  // leave one core for the web server and Postgres when we have several
  return Math.max(1, cores > 2 ? cores - 1 : 1);
}
