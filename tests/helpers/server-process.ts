import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { testEnv } from "./env";

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

export type KefuProcess = {
  url: string;
  port: number;
  child: ChildProcess;
  logFile: string;
  log: () => string;
  /** Sends the signal and resolves with the exit code (or the signal's name). */
  stop: (signal?: NodeJS.Signals) => Promise<number | string>;
  /** Starts the same server again (same port, database, data folder). */
  restart: () => Promise<KefuProcess>;
};

/**
 * A Kefu server process of the test's own, next to the suite's: same build, same secret (visitor tokens and sessions
 * are valid on every server), the given database (default: the suite's), no model unless `model` is set.
 */
export async function startKefu(
  opts: { databaseUrl?: string; redisUrl?: string; model?: boolean; port?: number; env?: Record<string, string> } = {},
): Promise<KefuProcess> {
  const port = opts.port ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kefu-node-"));
  const modelsDir = path.join(dataDir, "models");
  fs.mkdirSync(modelsDir);
  const logFile = path.join(dataDir, "server.log");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    KEFU_DATA_DIR: dataDir,
    KEFU_MODELS_DIR: modelsDir,
    KEFU_NO_DOWNLOAD: "1",
    DATABASE_URL: opts.databaseUrl ?? process.env.DATABASE_URL ?? "",
    KEFU_REDIS_URL: opts.redisUrl ?? "",
    KEFU_MODEL_PATH: opts.model ? testEnv.model : "",
    KEFU_PUBLIC_URL: `http://localhost:${port}`,
    NEXTAUTH_URL: `http://localhost:${port}`,
    ...opts.env,
  };
  const start = async (): Promise<KefuProcess> => {
    const fd = fs.openSync(logFile, "a");
    const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { env, stdio: ["ignore", fd, fd] });
    fs.closeSync(fd);
    const exited = new Promise<number | string>((resolve) =>
      child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
    );
    const url = `http://localhost:${port}`;
    const until = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`Kefu on ${port} exited: ${fs.readFileSync(logFile, "utf8").slice(-2000)}`);
      if (Date.now() > until) throw new Error(`Kefu on ${port} did not become healthy`);
      const ok = await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return {
      url,
      port,
      child,
      logFile,
      log: () => fs.readFileSync(logFile, "utf8"),
      stop: async (signal = "SIGTERM") => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      },
      restart: start,
    };
  };
  return start();
}
