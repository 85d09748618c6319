import http from "node:http";
import https from "node:https";
import net from "node:net";
import { checkedAddress, type SafeFetchOptions } from "./safe-fetch";

export type PostResult = { status: number; error?: undefined } | { status?: undefined; error: string };

/**
 * POSTs `body` to `url` with the same SSRF guard as safeFetch: the host's addresses are checked and the connection
 * goes to the checked address. Redirects are not followed (a receiver answering 3xx has not accepted it). Never
 * throws for the receiver's failures: they come back as `error` for the caller to log and retry.
 */
export async function safePost(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: Pick<SafeFetchOptions, "allow" | "resolve"> & { timeoutMs: number },
): Promise<PostResult> {
  let target: URL;
  let address: string;
  try {
    target = new URL(url);
    address = await checkedAddress(target, opts);
  } catch (err) {
    return { error: (err as Error).message };
  }
  return new Promise((resolve) => {
    const family = net.isIP(address);
    const lookup = (_h: string, o: { all?: boolean }, cb: (...args: unknown[]) => void) =>
      o?.all ? cb(null, [{ address, family }]) : cb(null, address, family);
    const mod = target.protocol === "https:" ? https : http;
    const req = mod.request(
      target,
      {
        method: "POST",
        lookup: lookup as never,
        timeout: opts.timeoutMs,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "Kefu webhooks",
          ...headers,
        },
      },
      (res) => {
        res.resume(); // the answer's body is not ours to keep
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.on("error", (err) => resolve({ error: err.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${opts.timeoutMs / 1000} s`)));
    req.on("error", (err) => resolve({ error: err.message }));
    req.end(body);
  });
}
