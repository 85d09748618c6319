import { hashPassword, verifyPassword } from "./password";

// Hashed once per process with the same parameters as real passwords: checking a password against it costs what
// checking a real account's does.
let dummy: Promise<string> | undefined;

/** Spends the time of one password check and answers nothing (for accounts that do not exist). */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummy ??= hashPassword("kefu-dummy-password-for-unknown-accounts");
  await verifyPassword(password, await dummy);
}
