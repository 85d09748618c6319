import { KefuError } from "../errors";

/**
 * For cookie-authenticated changes: SameSite=Lax still sends the session cookie from another port or a sibling
 * subdomain (the same site), and readJson accepts a text/plain form body, so such a page could add members or
 * revoke keys in an admin's name. Browsers say where a request comes from; a server-side client sends neither header.
 */
export function assertSameOrigin(req: Request) {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none")
    throw new KefuError("forbidden", "Requests from another site are refused");
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (origin && origin !== "null" && host && new URL(origin).host !== host)
    throw new KefuError("forbidden", "Requests from another site are refused");
}
