import { z } from "zod";
import { analyticsQuerySchema } from "../analytics/range";
import { analyticsSchema } from "../analytics/schema";
import { bulkActionSchema, entryInputSchema, entryPatchSchema } from "../knowledge";
import { knowledgeBaseInputSchema } from "../knowledge/bases";
import { bulkEntriesSchema, importUrlSchema } from "../knowledge/import";
import {
  botSchema,
  bulkResultSchema,
  conversationDetailSchema,
  conversationSchema,
  conversationsQuerySchema,
  csatQueryApiSchema,
  csatSummarySchema,
  inactivitySettingSchema,
  entriesQuerySchema,
  entrySchema,
  errorBodySchema,
  hitSchema,
  idParamSchema,
  importJobSchema,
  importQuerySchema,
  knowledgeBaseSchema,
  messageSchema,
  messagesQuerySchema,
  searchBodySchema,
} from "./schemas";
import { apiKeySchema, memberSchema, revokedSchema } from "./schemas-team";
import { teamPaths } from "./openapi-team";
import { botDeletionSchema, botVersionSchema, versionParamSchema } from "./bot-schemas";
import { botPatchSchema, duplicateBotSchema, newBotSchema } from "../bots/manage";
import { deleteBotQuerySchema } from "../bots/delete";
import { webhookPaths } from "./openapi-webhooks";
import { actPaths } from "./openapi-act";
import { conversationStateSchema, customerEventSchema } from "./schemas-act";
import { apiMessageSchema, assignBodySchema } from "../answering/api-actions";
import { labelsChangeSchema } from "../conversations/labels";
import { customerEventInputSchema } from "../visitors/events";
import { deletedSchema, webhookDeliverySchema, webhookSchema } from "./schemas-webhooks";
import { webhookInputSchema, webhookPatchSchema } from "../webhooks";
import { privacyPaths } from "./openapi-privacy";
import { retentionSettingSchema, visitorErasedSchema, visitorExportSchema } from "./schemas-privacy";
import { answerTraceSchema } from "./schemas-trace";

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

// Responses are described as they leave (io "output"), request bodies as callers send them (io "input": fields
// with a default are optional).
const RESPONSES = {
  Bot: botSchema,
  BotVersion: botVersionSchema,
  BotDeletion: botDeletionSchema,
  KnowledgeEntry: entrySchema,
  KnowledgeBase: knowledgeBaseSchema,
  ImportJob: importJobSchema,
  BulkResult: bulkResultSchema,
  SearchHit: hitSchema,
  Message: messageSchema,
  AnswerTrace: answerTraceSchema,
  Conversation: conversationSchema,
  ConversationDetail: conversationDetailSchema,
  CsatSummary: csatSummarySchema,
  InactivitySetting: inactivitySettingSchema,
  Analytics: analyticsSchema,
  Error: errorBodySchema,
  Member: memberSchema,
  ApiKey: apiKeySchema,
  Revoked: revokedSchema,
  Webhook: webhookSchema,
  WebhookDelivery: webhookDeliverySchema,
  Deleted: deletedSchema,
  ConversationState: conversationStateSchema,
  CustomerEvent: customerEventSchema,
  Labels: z.object({ labels: z.array(z.string()) }),
  VisitorExport: visitorExportSchema,
  VisitorErased: visitorErasedSchema,
  RetentionSetting: retentionSettingSchema,
};
const REQUESTS = {
  BotInput: newBotSchema,
  BotPatch: botPatchSchema,
  BotDuplicate: duplicateBotSchema,
  KnowledgeEntryInput: entryInputSchema,
  KnowledgeEntryPatch: entryPatchSchema,
  KnowledgeBaseInput: knowledgeBaseInputSchema,
  BulkAction: bulkActionSchema,
  ImportEntries: bulkEntriesSchema,
  ImportUrl: importUrlSchema,
  SearchRequest: searchBodySchema,
  WebhookInput: webhookInputSchema,
  WebhookPatch: webhookPatchSchema,
  ApiMessage: apiMessageSchema,
  AssignInput: assignBodySchema,
  LabelsInput: labelsChangeSchema.omit({ conversationId: true }),
  CustomerEventInput: customerEventInputSchema,
};

function tidy(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/** zod's ISO date-time regex says nothing `format: date-time` does not already say. */
function dropDatePattern(ctx: { jsonSchema: Json }) {
  if (ctx.jsonSchema.format === "date-time") delete ctx.jsonSchema.pattern;
}

function components(schemas: Record<string, z.ZodType>, io: "input" | "output"): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    io,
    uri: (id) => `#/components/schemas/${id}`,
    override: dropDatePattern as never,
  });
  return Object.fromEntries(Object.entries(out.schemas).map(([id, s]) => [id, tidy(s as Json)]));
}

/** Query or path parameters from a zod object; a field is required when it rejects `undefined`. */
function parameters(where: "query" | "path", schema: z.ZodObject): Json[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const f = field as z.ZodType;
    const { description, ...json } = tidy(
      z.toJSONSchema(f, { io: "output", override: dropDatePattern as never }) as Json,
    );
    return {
      name,
      in: where,
      required: where === "path" || !f.safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: json,
    };
  });
}

const jsonContent = (schema: Json) => ({ "application/json": { schema } });
const envelope = (data: Json) => ({ type: "object", properties: { data }, required: ["data"] });
const errorRef = (description: string) => ({ description, content: jsonContent(ref("Error")) });

const ERRORS: Record<number, Json> = {
  400: { $ref: "#/components/responses/BadRequest" },
  401: { $ref: "#/components/responses/Unauthorized" },
  404: { $ref: "#/components/responses/NotFound" },
  409: { $ref: "#/components/responses/Conflict" },
  413: { $ref: "#/components/responses/TooLarge" },
  415: { $ref: "#/components/responses/UnsupportedMediaType" },
  429: { $ref: "#/components/responses/RateLimited" },
};

type Operation = {
  summary: string;
  description?: string;
  operationId: string;
  query?: z.ZodObject;
  path?: z.ZodObject;
  body?: string;
  status?: 200 | 201 | 202;
  data: Json;
  errors: number[];
};

/** Every operation can be refused for its key (401) or its pace (429); a path id can be malformed, a body not JSON. */
function errorStatuses(op: Pick<Operation, "errors" | "path" | "body">): number[] {
  return [...new Set([401, 429, ...(op.path ? [400] : []), ...(op.body ? [415] : []), ...op.errors])].sort(
    (a, b) => a - b,
  );
}

function operation(op: Operation): Json {
  const params = [...(op.path ? parameters("path", op.path) : []), ...(op.query ? parameters("query", op.query) : [])];
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: jsonContent(ref(op.body)) } } : {}),
    responses: {
      [op.status ?? 200]: { description: "OK", content: jsonContent(envelope(op.data)) },
      ...Object.fromEntries(errorStatuses(op).map((s) => [s, ERRORS[s]])),
    },
  };
}

const list = (name: string) => ({ type: "array", items: ref(name) });

/** POST /knowledge/imports takes JSON (entries or a URL) or a multipart file upload. */
function importOperation(): Json {
  const op = operation({
    operationId: "importKnowledge",
    summary: "Import entries, a web page or a file",
    description:
      "Starts an import and answers 202 with its job (or, with `?wait=true`, the finished job). Send JSON — `{ entries: [...] }` or `{ url }` — " +
      "or `multipart/form-data` with a `file` (CSV with question, answer[, tags] columns; Markdown, split at headings; plain text; JSON array of " +
      "`{ question|title, answer|content, tags? }`; PDF with a text layer; DOCX; up to 10 MB) and optionally `knowledgeBaseId` and `format`. " +
      "Files and pages are matched by name: importing the same one again updates its entries and deletes those no longer in it. " +
      "A file that is not what its name says, is too big or malformed is a 400/413 naming the line or field; a URL is fetched in the " +
      "background (public addresses only, 2 MB, 10 s), so its errors end the job with `status: failed` and an `error`.",
    query: importQuerySchema,
    status: 202,
    data: ref("ImportJob"),
    errors: [400, 404, 413],
  });
  const multipart = {
    type: "object",
    properties: {
      file: {
        type: "string",
        format: "binary",
        description: "The file; its extension says its format unless `format` is given",
      },
      knowledgeBaseId: { type: "string", description: "Default: the tenant's first knowledge base" },
      format: { type: "string", enum: ["csv", "md", "txt", "json", "pdf", "docx"] },
    },
    required: ["file"],
  };
  const responses = op.responses as Json;
  return {
    ...op,
    // ?wait=true answers 200 with the finished job (202 while it still runs)
    responses: {
      200: { ...(responses[202] as Json), description: "The finished job (with ?wait=true)" },
      ...responses,
      415: ERRORS[415],
    },
    requestBody: {
      required: true,
      content: {
        "application/json": { schema: { oneOf: [ref("ImportEntries"), ref("ImportUrl")] } },
        "multipart/form-data": { schema: multipart },
      },
    },
  };
}

/** The OpenAPI 3.1 document of REST /api/v1, built from the same zod schemas the handlers use. */
export function openApiDocument(opts: { serverUrl?: string } = {}): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "Kefu REST API",
      version: "v1",
      description:
        "Read and manage a tenant's bots, knowledge and conversations. Every request needs `Authorization: Bearer <api key>`; " +
        "the key decides the tenant. Successful responses are `{ data }`, errors `{ error: { code, message } }`.",
    },
    servers: [{ url: opts.serverUrl?.replace(/\/$/, "") || "/" }],
    security: [{ apiKey: [] }],
    paths: {
      "/api/v1/bots": {
        get: operation({ operationId: "listBots", summary: "List the tenant's bots", data: list("Bot"), errors: [] }),
        post: operation({
          operationId: "createBot",
          summary: "Create a bot",
          description:
            "Only `name` is required (1–80 characters, unique in the tenant ignoring case). Without `knowledgeBaseIds` the bot answers " +
            "from all of the tenant's knowledge bases. The answer carries its widget key (`publicKey`). The bot starts its history at version 1.",
          body: "BotInput",
          status: 201,
          data: ref("Bot"),
          errors: [400, 404, 409, 413],
        }),
      },
      "/api/v1/bots/{id}": {
        get: operation({
          operationId: "getBot",
          summary: "One bot",
          path: idParamSchema,
          data: ref("Bot"),
          errors: [404],
        }),
        patch: operation({
          operationId: "updateBot",
          summary: "Change or rename a bot",
          description:
            "Only the fields given change (a rename is `{ name }`). A change of behaviour is saved as a new version.",
          path: idParamSchema,
          body: "BotPatch",
          data: ref("Bot"),
          errors: [400, 404, 409, 413],
        }),
        delete: operation({
          operationId: "deleteBot",
          summary: "Delete a bot",
          description:
            "Its widget key stops working at once; its conversations are kept (with the bot's name) and open ones are closed, the visitor " +
            "being told. A bot whose widget is live (open conversations, or any in the last 24 hours) answers 409 `bot_in_use` unless `force=true`.",
          path: idParamSchema,
          query: deleteBotQuerySchema,
          data: ref("BotDeletion"),
          errors: [400, 404, 409],
        }),
      },
      "/api/v1/bots/{id}/duplicate": {
        post: operation({
          operationId: "duplicateBot",
          summary: "Copy a bot",
          description:
            'Same behaviour and knowledge bases, a new widget key and its own history. Default name: "<name> (copy)".',
          path: idParamSchema,
          body: "BotDuplicate",
          status: 201,
          data: ref("Bot"),
          errors: [400, 404, 409, 413],
        }),
      },
      "/api/v1/bots/{id}/versions": {
        get: operation({
          operationId: "listBotVersions",
          summary: "A bot's history, newest first",
          path: idParamSchema,
          data: list("BotVersion"),
          errors: [404],
        }),
      },
      "/api/v1/bots/{id}/versions/{versionId}/rollback": {
        post: operation({
          operationId: "rollbackBot",
          summary: "Put a version's behaviour back",
          description:
            "Saved as a new version (`action: rolled_back`, `sourceNumber`); knowledge bases deleted since are left out.",
          path: versionParamSchema,
          data: ref("Bot"),
          errors: [404, 409],
        }),
      },
      "/api/v1/knowledge/entries": {
        get: operation({
          operationId: "listKnowledgeEntries",
          summary: "List knowledge entries",
          query: entriesQuerySchema,
          data: list("KnowledgeEntry"),
          errors: [400],
        }),
        post: operation({
          operationId: "createKnowledgeEntry",
          summary: "Create a knowledge entry",
          description:
            "Goes into the tenant's first knowledge base unless `knowledgeBaseId` names one of its knowledge bases.",
          body: "KnowledgeEntryInput",
          status: 201,
          data: ref("KnowledgeEntry"),
          errors: [400, 404, 413],
        }),
      },
      "/api/v1/knowledge/entries/{id}": {
        get: operation({
          operationId: "getKnowledgeEntry",
          summary: "One knowledge entry",
          path: idParamSchema,
          data: ref("KnowledgeEntry"),
          errors: [404],
        }),
        patch: operation({
          operationId: "updateKnowledgeEntry",
          summary: "Change a knowledge entry",
          description: "Only the fields given change.",
          path: idParamSchema,
          body: "KnowledgeEntryPatch",
          data: ref("KnowledgeEntry"),
          errors: [400, 404, 413],
        }),
        delete: {
          operationId: "deleteKnowledgeEntry",
          summary: "Delete a knowledge entry",
          parameters: parameters("path", idParamSchema),
          responses: {
            204: { description: "Deleted" },
            ...Object.fromEntries(errorStatuses({ path: idParamSchema, errors: [404] }).map((s) => [s, ERRORS[s]])),
          },
        },
      },
      "/api/v1/knowledge/entries/bulk": {
        post: operation({
          operationId: "bulkKnowledgeEntries",
          summary: "Enable, disable or delete many entries",
          description: "Ids that are not the tenant's are ignored; `count` says how many entries changed.",
          body: "BulkAction",
          data: ref("BulkResult"),
          errors: [400, 413],
        }),
      },
      "/api/v1/knowledge/imports": { post: importOperation() },
      "/api/v1/knowledge/imports/{id}": {
        get: operation({
          operationId: "getKnowledgeImport",
          summary: "An import's progress and outcome",
          path: idParamSchema,
          data: ref("ImportJob"),
          errors: [404],
        }),
      },
      "/api/v1/knowledge/bases": {
        get: operation({
          operationId: "listKnowledgeBases",
          summary: "List knowledge bases",
          data: list("KnowledgeBase"),
          errors: [],
        }),
        post: operation({
          operationId: "createKnowledgeBase",
          summary: "Create a knowledge base",
          description:
            "Names are unique per tenant (ignoring case). Bots are bound to knowledge bases on the bot page.",
          body: "KnowledgeBaseInput",
          status: 201,
          data: ref("KnowledgeBase"),
          errors: [400, 409, 413],
        }),
      },
      "/api/v1/knowledge/search": {
        post: operation({
          operationId: "searchKnowledge",
          summary: "Search the enabled knowledge entries",
          description: "The same retrieval the bots use to pick the entries they cite.",
          body: "SearchRequest",
          data: list("SearchHit"),
          errors: [400, 413],
        }),
      },
      "/api/v1/analytics": {
        get: operation({
          operationId: "getAnalytics",
          summary:
            "Analytics: conversations, resolution, handoffs, response times, CSAT, usage, knowledge gaps, model variants",
          description:
            "Computed by SQL over the stored conversations and messages of the key's tenant. An unknown `botId` (or another tenant's) answers 404.",
          query: analyticsQuerySchema,
          data: ref("Analytics"),
          errors: [400, 404],
        }),
      },
      "/api/v1/conversations": {
        get: operation({
          operationId: "listConversations",
          summary: "List conversations",
          query: conversationsQuerySchema,
          data: list("Conversation"),
          errors: [400],
        }),
      },
      "/api/v1/conversations/{id}": {
        get: operation({
          operationId: "getConversation",
          summary: "One conversation",
          description:
            "Its state, the visitor's left message and rating (`csat`), and the email replies agents recorded.",
          path: idParamSchema,
          data: ref("ConversationDetail"),
          errors: [404],
        }),
      },
      "/api/v1/csat": {
        get: operation({
          operationId: "csatSummary",
          summary: "Visitor ratings in a period",
          description:
            "Counts, average and distribution of the 1–5 star ratings, all and split by bot-only conversations vs those an agent answered.",
          query: csatQueryApiSchema,
          data: ref("CsatSummary"),
          errors: [400, 404],
        }),
      },
      "/api/v1/conversations/{id}/messages": {
        get: operation({
          operationId: "listMessages",
          summary: "A conversation's messages",
          description: "In seq order. Poll with `after` set to the last seq you have to get only what is new.",
          path: idParamSchema,
          query: messagesQuerySchema,
          data: list("Message"),
          errors: [400, 404],
        }),
        post: operation({
          operationId: "postMessage",
          summary: "Send an agent message into the conversation",
          description:
            "The visitor sees it live. The same `clientId` again returns the stored message; with `userId` it is sent as that team member.",
          path: idParamSchema,
          body: "ApiMessage",
          status: 201,
          data: ref("Message"),
          errors: [400, 404, 409],
        }),
      },
      "/api/v1/conversations/{id}/trace": {
        get: operation({
          operationId: "getConversationTrace",
          summary: "Where each bot answer's time went",
          description:
            "Every bot answer in seq order: time in retrieval, queue, prompt evaluation and generation, prompt and output tokens, tokens/s, " +
            'and the model (and A/B variant) that answered — `model: null` when no model did (the knowledge entry itself, a "do not know", a fallback).',
          path: idParamSchema,
          data: list("AnswerTrace"),
          errors: [400, 404],
        }),
      },
      ...teamPaths({ operation: operation as never, list, ref }),
      "/api/v1/settings/inactivity": {
        get: operation({
          operationId: "getInactivity",
          summary: "When inactive conversations close",
          data: ref("InactivitySetting"),
          errors: [],
        }),
        put: operation({
          operationId: "setInactivity",
          summary: "Set when inactive conversations close",
          description:
            "Conversations with the bot or an agent close after this many minutes without a visitor message (the visitor is told if they come back); " +
            "a conversation waiting for an agent is never closed and becomes a left message instead. 0 turns it off; at most 10080.",
          body: "InactivitySetting",
          data: ref("InactivitySetting"),
          errors: [400],
        }),
      },
      ...webhookPaths({ operation: operation as never, list, ref }),
      ...actPaths({ operation: operation as never, list, ref }),
      ...privacyPaths({ operation: operation as never, ref }),
      "/api/v1/openapi.json": {
        get: {
          operationId: "openApiDocument",
          summary: "This document",
          security: [],
          responses: { 200: { description: "The OpenAPI 3.1 document", content: jsonContent({ type: "object" }) } },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key of the tenant (`kefu apikey create --tenant <slug>`)",
        },
      },
      schemas: { ...components(RESPONSES, "output"), ...components(REQUESTS, "input") },
      responses: {
        BadRequest: errorRef("`bad_request` (names the field that is wrong) or `invalid_json`"),
        Unauthorized: errorRef("`unauthorized`: the API key is missing, wrong or revoked"),
        NotFound: errorRef("`not_found`: no such resource in this tenant"),
        Conflict: errorRef(
          "`conflict`: the name is taken; `bot_in_use`: the bot's widget is live (delete with `force=true`)",
        ),
        TooLarge: errorRef("`too_long`: the request body is larger than 1 MB (10 MB for an import), or the file is"),
        UnsupportedMediaType: errorRef(
          "`unsupported_media_type`: the body is not JSON (imports also take multipart/form-data)",
        ),
        RateLimited: {
          ...errorRef(
            "`rate_limited`: too many requests with this API key; `Retry-After` says in how many seconds to try again",
          ),
          headers: {
            "Retry-After": {
              description: "Seconds until a request is accepted again",
              schema: { type: "integer", minimum: 1 },
            },
          },
        },
      },
    },
  };
}
