import { KefuError } from "../../errors";
import { assertSafeInput } from "../../safe-text";
import { importEntries, importFile, importUrl } from "./index";
import { MAX_IMPORT_BYTES } from "./types";

/**
 * An import request, as the admin page and REST send it: multipart/form-data with a `file` (and optionally
 * `knowledgeBaseId` and `format`), or JSON: `{ url }` for a web page, `{ entries: [...] }` for entries.
 */
export async function importFromRequest(tenantId: string, req: Request) {
  const declared = Number(req.headers.get("content-length") ?? 0);
  // a little room over the file limit for the multipart envelope and the other fields
  if (declared > MAX_IMPORT_BYTES + 64 * 1024) {
    throw new KefuError(
      "too_long",
      `The upload is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the limit for an import`,
    );
  }
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw new KefuError("bad_request", "The upload is not valid multipart/form-data");
    }
    const file = form.get("file");
    if (!file || typeof file === "string")
      throw new KefuError("bad_request", "file: attach the file to import as the `file` field");
    const kb = form.get("knowledgeBaseId");
    const format = form.get("format");
    assertSafeInput({ file: file.name, knowledgeBaseId: kb, format });
    const bytes = new Uint8Array(await file.arrayBuffer());
    return importFile(tenantId, {
      name: file.name || "upload",
      bytes,
      knowledgeBaseId: typeof kb === "string" && kb ? kb : undefined,
      ...(typeof format === "string" && format ? { format: formatParam(format) } : {}),
    });
  }
  const text = await req.text();
  if (text.length > MAX_IMPORT_BYTES)
    throw new KefuError("too_long", `The request body is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new KefuError("invalid_json", "The request body is not valid JSON (send a file as multipart/form-data)");
  }
  assertSafeInput(body);
  if (body && typeof body === "object" && "url" in body) return importUrl(tenantId, body as { url: string });
  return importEntries(tenantId, body as never);
}

function formatParam(format: string) {
  const known = ["csv", "md", "txt", "json", "pdf", "docx"] as const;
  const f = known.find((k) => k === format.toLowerCase());
  if (!f) throw new KefuError("bad_request", `format: must be one of ${known.join(", ")}`);
  return f;
}
