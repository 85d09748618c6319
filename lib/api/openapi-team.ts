import { idParamSchema } from "./schemas";

type Json = Record<string, unknown>;
type Helpers = { operation: (op: never) => Json; list: (name: string) => Json; ref: (name: string) => Json };

/** The team and API keys paths of the OpenAPI document (docs/team.md). */
export function teamPaths(h: Helpers): Record<string, Json> {
  const op = h.operation as (o: Json) => Json;
  return {
    "/api/v1/users": {
      get: op({
        operationId: "listUsers",
        summary: "List the tenant's members",
        description: "With role, status (active, pending, deactivated) and last seen.",
        data: h.list("Member"),
        errors: [],
      }),
    },
    "/api/v1/api-keys": {
      get: op({
        operationId: "listApiKeys",
        summary: "List the tenant's working API keys",
        description: "Prefix, label, created and last used; the key itself is never shown again.",
        data: h.list("ApiKey"),
        errors: [],
      }),
    },
    "/api/v1/api-keys/{id}": {
      delete: op({
        operationId: "revokeApiKey",
        summary: "Revoke an API key",
        description:
          "Its next request answers 401. The key making this request cannot revoke itself (409 `conflict`); another tenant's key answers 404.",
        path: idParamSchema,
        data: h.ref("Revoked"),
        errors: [404, 409],
      }),
    },
  };
}
