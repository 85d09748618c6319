/** fetch for the Bots pages: `{ ok, data }` or the API's stable error `code` (which the UI translates) and message. */
export type BotApiResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

export async function botApi<T = unknown>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
): Promise<BotApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, code: "network", message: "" };
  }
  // a body that is not JSON (a proxy's error page) is no body: the status below still tells what happened
  const json = await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: json as T };
  return { ok: false, code: json?.error?.code ?? "internal", message: json?.error?.message ?? "" };
}

/** The error to show: the translation of its code when there is one, else the server's own words. */
export function errorText(
  t: (key: string) => string,
  has: (key: string) => boolean,
  r: { code: string; message: string },
) {
  const key = `errors.${r.code}`;
  if (has(key) && (r.code !== "bad_request" || !r.message)) return t(key);
  return r.message || t("errors.internal");
}
