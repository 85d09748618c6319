import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { envVar, setEnvVar } from "../env";

/** NEXTAUTH_SECRET from the environment, else one generated at first start and kept in the data folder. */
export function ensureSecret(dataDir: string): string {
  const given = envVar("NEXTAUTH_SECRET");
  if (given) return given;
  const file = path.join(dataDir, "secret");
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  const secret = fs.readFileSync(file, "utf8").trim();
  setEnvVar("NEXTAUTH_SECRET", secret);
  return secret;
}
