import { idParamSchema } from "./schemas";

type Json = Record<string, unknown>;
type Helpers = { operation: (op: never) => Json; list: (name: string) => Json; ref: (name: string) => Json };

/** The paths that act in a conversation, and customer events (docs/api.md). */
export function actPaths(h: Helpers): Record<string, Json> {
  const op = h.operation as (o: Json) => Json;
  const action = (operationId: string, summary: string, body?: string) =>
    op({
      operationId,
      summary,
      path: idParamSchema,
      ...(body ? { body } : {}),
      data: h.ref("ConversationState"),
      errors: [400, 404, 409],
    });
  return {
    "/api/v1/conversations/{id}/handoff": {
      post: action("handOffConversation", "Hand the conversation from the bot to the agents"),
    },
    "/api/v1/conversations/{id}/assign": {
      post: action(
        "assignConversation",
        "Give the conversation to a team member (null: back to the queue)",
        "AssignInput",
      ),
    },
    "/api/v1/conversations/{id}/close": { post: action("closeConversation", "Close the conversation") },
    "/api/v1/conversations/{id}/labels": {
      post: op({
        operationId: "labelConversation",
        summary: "Add and remove labels",
        path: idParamSchema,
        body: "LabelsInput",
        data: h.ref("Labels"),
        errors: [400, 404],
      }),
    },
    "/api/v1/events": {
      post: op({
        operationId: "createCustomerEvent",
        summary: "Record a customer event",
        description:
          "An order placed, a ticket opened: kept on the profile of the visitor with that external id (made if needed), shown to agents and given to the bot.",
        body: "CustomerEventInput",
        status: 201,
        data: h.ref("CustomerEvent"),
        errors: [400],
      }),
    },
  };
}
