import type { IncomingHttpHeaders } from "node:http";
import { envVar } from "../env";

/**
 * CSRF defence for cookie-authenticated requests (SameSite=Lax does not stop another port of the same host or a
 * sibling subdomain: they are the same *site*). A browser always sends Origin on a cross-origin POST and on a
 * WebSocket handshake, and Sec-Fetch-Site on every request; a request with neither comes from a non-browser client,
 * which holds no ambient cookie of the user's and so cannot be forged by a page.
 */
export function crossOriginRefusal(headers: IncomingHttpHeaders): string | undefined {
  const origin = typeof headers.origin === "string" ? headers.origin : undefined;
  if (origin !== undefined) {
    return originIsOurs(origin, headers.host)
      ? undefined
      : `requests from ${origin} are not accepted: open Kefu at its own address`;
  }
  const site = headers["sec-fetch-site"];
  if (typeof site === "string" && site !== "same-origin" && site !== "none") return `${site} requests are not accepted`;
  return undefined;
}

/** The public URL (KEFU_PUBLIC_URL) or, without one, the host the request was addressed to. */
function originIsOurs(origin: string, host: string | undefined): boolean {
  if (origin === "null") return false; // sandboxed frames, file: pages, some redirects
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  const publicUrl = envVar("KEFU_PUBLIC_URL");
  if (publicUrl) {
    try {
      if (new URL(publicUrl).origin === o.origin) return true;
    } catch {
      // lib/env.ts validated it as a URL at start; anything else simply is not our origin
    }
  }
  // a browser sets Host to the address it was given; a page elsewhere cannot make its Origin match it
  return !!host && o.host === host.toLowerCase();
}
