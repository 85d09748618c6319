import { RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env";
import { RateLimitedError } from "./error";
import { limiter } from "./store";

// Failed sign-ins are counted per account and per address (an address tries many accounts, an account is tried from
// many addresses). Past a free allowance each further failure doubles the wait before the next try is even checked,
// so guessing slows to a crawl while a person who mistypes a few times never notices. A success clears the account's
// count, not the address's: otherwise an attacker with an account of their own could reset their address at will.
const DAY_S = 24 * 3600;

function dimensions(email: string, address: string) {
  const e = env();
  return [
    { key: `acct:${email.trim().toLowerCase()}`, free: e.KEFU_LOGIN_FREE_FAILURES },
    { key: `addr:${address}`, free: e.KEFU_LOGIN_FREE_FAILURES_PER_ADDRESS },
  ];
}
const failures = () => limiter({ name: "login-fail", points: 1_000_000, durationS: DAY_S });
const waits = () => limiter({ name: "login-wait", points: 1, durationS: 1 });

/** Refuses (without checking the password) while the account or the address must wait. */
export async function checkLoginAllowed(email: string, address: string) {
  let wait = 0;
  for (const d of dimensions(email, address)) {
    const res = await waits().get(d.key);
    if (res && res.consumedPoints > 1) wait = Math.max(wait, res.msBeforeNext);
  }
  if (wait > 0) throw loginWait(wait);
}

export async function recordLoginFailure(email: string, address: string) {
  const maxS = env().KEFU_LOGIN_MAX_DELAY_S;
  for (const d of dimensions(email, address)) {
    const res: RateLimiterRes = await failures().consume(d.key);
    const over = res.consumedPoints - d.free;
    if (over > 0) await waits().block(d.key, Math.min(maxS, 2 ** (over - 1)));
  }
}

export async function recordLoginSuccess(email: string, address: string) {
  const [account] = dimensions(email, address);
  await failures().delete(account.key);
}

/** The message the sign-in form shows; next-auth passes a thrown error's message on as `error`. */
export function loginWait(ms: number) {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return new RateLimitedError(`rate_limited:${s}`, ms);
}
