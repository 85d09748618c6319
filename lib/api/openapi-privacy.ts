import { idParamSchema } from "./schemas";

type Json = Record<string, unknown>;
type Helpers = { operation: (op: never) => Json; ref: (name: string) => Json };

/** A visitor's personal data requests in the OpenAPI document (docs/privacy.md). */
export function privacyPaths(h: Helpers): Record<string, Json> {
  const op = h.operation as (o: Json) => Json;
  return {
    "/api/v1/visitors/{id}/export": {
      get: op({
        operationId: "exportVisitor",
        summary: "Export everything held about a visitor",
        description:
          "`id` is Kefu's visitor id or the customer's own user id (externalId). Profile, conversations with their messages, left messages with the email replies to them, customer events, ratings and events. Recorded in the audit log; another tenant's visitor answers 404.",
        path: idParamSchema,
        data: h.ref("VisitorExport"),
        errors: [404],
      }),
    },
    "/api/v1/settings/retention": {
      get: op({
        operationId: "getRetention",
        summary: "How long closed conversations are kept",
        data: h.ref("RetentionSetting"),
        errors: [],
      }),
      put: op({
        operationId: "setRetention",
        summary: "Set how long closed conversations are kept",
        description:
          "Each Kefu server sweeps regularly and deletes, with their messages, the conversations closed more than `retentionDays` days ago; " +
          "open conversations are never swept. 0 keeps them for ever; at most 36500. The change is recorded in the audit log with the old and new value.",
        body: "RetentionSetting",
        data: h.ref("RetentionSetting"),
        errors: [400],
      }),
    },
    "/api/v1/visitors/{id}": {
      delete: op({
        operationId: "eraseVisitor",
        summary: "Erase a visitor and every row about them",
        description:
          "Deletes the profile, conversations, messages, left messages and the email replies to them, customer events, ratings and the knowledge gaps their questions opened. The audit log records the erasure by the visitor's random id and counts only. Another tenant's visitor answers 404.",
        path: idParamSchema,
        data: h.ref("VisitorErased"),
        errors: [404],
      }),
    },
  };
}
