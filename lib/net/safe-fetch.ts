import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import zlib from "node:zlib";
import { KefuError } from "../errors";
import { isPublicAddress } from "./address";

export const FETCH_MAX_BYTES = 2 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;

export type SafeFetchOptions = {
  maxBytes?: number;
  timeoutMs?: number;
  /** DNS resolution; tests point a made-up public name at a local server with it. */
  resolve?: (host: string) => Promise<string[]>;
  /** Whether an address may be connected to; the default allows public unicast addresses only. */
  allow?: (ip: string, host: string) => boolean;
};

export type FetchedPage = { url: string; status: number; contentType: string; body: Buffer };

const systemResolve = async (host: string) =>
  (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** The address to connect to for `url`, after checking every address the name resolves to. */
export async function checkedAddress(url: URL, opts: SafeFetchOptions): Promise<string> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new KefuError(
      "bad_request",
      `Only http and https addresses can be fetched, not ${url.protocol.replace(":", "")}`,
    );
  }
  if (url.username || url.password)
    throw new KefuError("bad_request", "The address must not contain a user name or password");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (opts.resolve ?? systemResolve)(host);
    } catch {
      throw new KefuError("bad_request", `The host ${host} could not be found`);
    }
  }
  if (!addresses.length) throw new KefuError("bad_request", `The host ${host} could not be found`);
  const allow = opts.allow ?? ((ip: string) => isPublicAddress(ip));
  // every address must pass: a name with one public and one private address could otherwise be steered inside
  const refused = addresses.find((ip) => !allow(ip, host));
  if (refused) {
    const what = net.isIP(host) ? `${host} is` : `${host} resolves to ${refused},`;
    throw new KefuError("forbidden", `${what} a private, loopback or link-local address: Kefu does not fetch those`);
  }
  return addresses[0];
}

/** One request, connected to `address` (the one that was checked), never to what a second DNS lookup says. */
function requestOnce(
  url: URL,
  address: string,
  opts: Required<Pick<SafeFetchOptions, "maxBytes">>,
  signal: AbortSignal,
) {
  return new Promise<{ status: number; location?: string; contentType: string; body: Buffer }>((resolve, reject) => {
    const family = net.isIP(address);
    const lookup = (_h: string, o: { all?: boolean }, cb: (...args: unknown[]) => void) =>
      o?.all ? cb(null, [{ address, family }]) : cb(null, address, family);
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.request(
      url,
      {
        method: "GET",
        lookup: lookup as never,
        signal,
        headers: {
          "user-agent": "Kefu knowledge import",
          accept: "text/html,text/plain,text/markdown,application/pdf;q=0.9,*/*;q=0.5",
          "accept-encoding": "gzip, deflate, br",
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && location) {
          res.resume();
          return resolve({ status, location, contentType: "", body: Buffer.alloc(0) });
        }
        const declared = Number(res.headers["content-length"] ?? 0);
        const tooBig = () =>
          new KefuError("too_long", `The page is larger than ${mb(opts.maxBytes)}, the limit for an import`);
        if (declared > opts.maxBytes) {
          res.destroy();
          return reject(tooBig());
        }
        const encoding = String(res.headers["content-encoding"] ?? "").toLowerCase();
        // the limit applies to the decompressed size, so a small gzip bomb is cut off too
        const stream =
          encoding === "gzip"
            ? res.pipe(zlib.createGunzip())
            : encoding === "deflate"
              ? res.pipe(zlib.createInflate())
              : encoding === "br"
                ? res.pipe(zlib.createBrotliDecompress())
                : res;
        const parts: Buffer[] = [];
        let size = 0;
        stream.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            res.destroy();
            stream.destroy();
            reject(tooBig());
          } else parts.push(chunk);
        });
        stream.on("end", () =>
          resolve({ status, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(parts) }),
        );
        stream.on("error", reject);
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * GET a public web page for an import. Guards against server-side request forgery: http(s) only, the host's
 * addresses are resolved here and each checked, the connection goes to the checked address (a DNS answer that
 * changes between the check and the connect cannot redirect it), redirects are followed by hand and every hop is
 * checked again, and the size and time are limited.
 */
export async function safeFetch(input: string, opts: SafeFetchOptions = {}): Promise<FetchedPage> {
  const maxBytes = opts.maxBytes ?? FETCH_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new KefuError("bad_request", `"${input.slice(0, 200)}" is not a web address`);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const address = await checkedAddress(url, opts);
      const res = await requestOnce(url, address, { maxBytes }, controller.signal).catch((err) => {
        if (err instanceof KefuError) throw err;
        if (controller.signal.aborted)
          throw new KefuError("unavailable", `${url.host} did not answer within ${timeoutMs / 1000} s`);
        throw new KefuError("unavailable", `${url.host} could not be reached (${(err as Error).message})`);
      });
      if (res.location) {
        url = new URL(res.location, url);
        continue;
      }
      if (res.status >= 400)
        throw new KefuError("unavailable", `${url.host} answered ${res.status} for ${url.pathname}`);
      return { url: url.toString(), status: res.status, contentType: res.contentType, body: res.body };
    }
    throw new KefuError("bad_request", `More than ${MAX_REDIRECTS} redirects`);
  } finally {
    clearTimeout(timer);
  }
}
