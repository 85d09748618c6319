/** fetch for the admin pages: JSON in, `{ ok, data }` or a message fit to show in the form. */
export async function callApi<T = unknown>(
  method: "POST" | "PUT" | "DELETE",
  url: string,
  body?: unknown,
): Promise<{ ok: true; data: T } | { ok: false; message: string; code: string; status?: number }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, code: "network", message: "Could not reach the server. Check your connection and try again." };
  }
  // a body that is not JSON (a proxy's error page) is no body: the status below still tells what happened
  const json = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: json as T };
  if (res.status === 401)
    return { ok: false, code: "session_ended", message: "Your session has ended: sign in again." };
  // the code is stable: the page translates it (components/use-error-text.ts)
  if (json?.error?.message) return { ok: false, code: String(json.error.code ?? ""), message: json.error.message };
  return { ok: false, code: "http", status: res.status, message: `The server answered ${res.status}.` };
}

/** Turns "maxTokens: Too big…; name: …" from the API into the labels the form shows. */
export function labelFields(message: string, labels: Record<string, string>): string {
  return message
    .split("; ")
    .map((part) => part.replace(/^([\w.]+): /, (m, field: string) => `${labels[field.split(".")[0]] ?? field}: `))
    .join("\n");
}

export const inputClass =
  "mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";
export const buttonClass =
  "rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50";
export const secondaryButtonClass =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";
