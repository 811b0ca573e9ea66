/**
 * GET /api/openapi.json: OpenAPI 3.1 built from the zod schemas the handlers parse with
 * (request bodies, path and query parameters) and the pinned answer shapes of openapi-schemas.ts.
 * Every operation of API_ENDPOINTS must have an entry here (a Record keyed by the index), so the
 * document cannot silently miss a listed route.
 */
import { z } from "zod";
import { DeploymentEvent } from "@/lib/ledger/events";
import { AuditQuery } from "@/lib/admin/audit-log";
import { CreateTokenBody } from "@/lib/auth/token-api";
import { CreateSpokeBody, SpokeRef } from "@/lib/spokes/schemas";
import { PowerBody, UpdateSpokeBody } from "@/lib/spokes/update-body";
import { RepairBody } from "@/lib/spokes/repair-spoke";
import { CreateWebhookBody } from "@/lib/webhooks/events";
import { CursorParam, DriftParam, LimitParam, StatusParam } from "@/lib/spokes/list-query";
import { API_ENDPOINTS, type ApiOperationKey } from "./api-index";
import { MAX_BODY_BYTES } from "./body";
import * as S from "./openapi-schemas";

type Json = Record<string, unknown>;

function schema(s: z.ZodType, io: "input" | "output" = "output"): Json {
  const out = z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
  delete out.$schema;
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function success(data: Json, extra: Json = {}): Json {
  return {
    type: "object",
    required: ["status", "data"],
    properties: { status: { const: "success" }, message: { type: "string" }, data, ...extra },
  };
}

const json = (s: Json) => ({ "application/json": { schema: s } });
const ok = (description: string, data: Json, extra?: Json) => ({ description, content: json(success(data, extra)) });
const error = (description: string) => ({ $ref: `#/components/responses/${description}` });

/** One reusable response per AppError code (lib/errors.ts); each body is an ErrorEnvelope with that `code`. */
const ERROR_RESPONSES: Record<string, { status: string; description: string }> = {
  BadRequest: { status: "400", description: "Invalid input; `message` names the first problem, `details` every field" },
  Unauthorized: { status: "401", description: "No session and no valid API token (a revoked token is 401 too)" },
  Forbidden: { status: "403", description: "A browser request from another origin" },
  NotFound: {
    status: "404",
    description:
      "No such spoke for this caller (another user's spoke is 404, never 403); admin routes answer 404 to non-admins",
  },
  Conflict: {
    status: "409",
    description: "The number or client name is taken, or the spoke's state does not allow this",
  },
  PayloadTooLarge: { status: "413", description: `The body exceeds ${MAX_BODY_BYTES} bytes` },
  UnsupportedMediaType: { status: "415", description: "The body is not application/json" },
  Unprocessable: { status: "422", description: "The Idempotency-Key was already used with a different request body" },
  RateLimited: { status: "429", description: "Too many creations; see Retry-After" },
  Internal: { status: "500", description: "Unexpected; the trace_id finds it in the server log" },
  AzureError: {
    status: "502",
    description: "Azure refused the request; `details.azure` has Azure's own code and message",
  },
  Unavailable: {
    status: "503",
    description: "Azure could not be reached or throttled us; see Retry-After (`details.azure` when Azure answered)",
  },
};

function errors(...names: (keyof typeof ERROR_RESPONSES)[]): Json {
  const all = ["Unauthorized", ...names, "Internal"];
  return Object.fromEntries(all.map((n) => [ERROR_RESPONSES[n]!.status, error(n)]));
}

const spokeIdParam = {
  name: "spokeId",
  in: "path",
  required: true,
  description: "The spoke number (as in the Flask original) or the spoke's uuid",
  schema: schema(SpokeRef, "input"),
};
/** One query parameter per field of a zod object (the admin routes' filters). */
function queryParams(obj: z.ZodObject): Json[] {
  const props = (schema(obj, "input").properties ?? {}) as Record<string, Json>;
  return Object.entries(props).map(([name, s]) => ({ name, in: "query", schema: s }));
}

const webhookIdParam = {
  name: "webhookId",
  in: "path",
  required: true,
  description: "The webhook endpoint's uuid",
  schema: { type: "string", format: "uuid" },
};

const jsonBody = (name: string) => ({ required: true, content: json(ref(name)) });
const BEARER_OR_COOKIE = [{ bearerAuth: [] }, { cookieAuth: [] }];

interface Operation {
  summary?: string;
  tags: string[];
  public?: boolean;
  parameters?: Json[];
  requestBody?: Json;
  responses: Json;
}

const spokeAction = (what: string): Operation => ({
  tags: ["deployments"],
  parameters: [spokeIdParam],
  responses: {
    "202": ok(`${what} accepted; follow it on /events`, ref("ActionResult")),
    ...errors("Forbidden", "NotFound", "Conflict"),
  },
});

const OPERATIONS: Record<ApiOperationKey, Operation> = {
  "GET /api": {
    tags: ["meta"],
    public: true,
    responses: { "200": ok("Name, version and endpoints", ref("ApiIndex")) },
  },
  "GET /api/health": {
    tags: ["meta"],
    public: true,
    responses: {
      "200": ok("Every check passed (the detail of each check for admins only)", ref("Health")),
      "503": {
        description: "A check failed",
        content: json({
          type: "object",
          required: ["status", "code", "message", "data"],
          properties: {
            status: { const: "error" },
            code: { const: "unavailable" },
            message: { type: "string" },
            data: ref("Health"),
          },
        }),
      },
    },
  },
  "GET /api/openapi.json": {
    tags: ["meta"],
    public: true,
    responses: { "200": { description: "This document", content: json({ type: "object" }) } },
  },
  "GET /api/me": { tags: ["meta"], responses: { "200": ok("The caller", ref("Me")), ...errors() } },
  "GET /api/spokes": {
    tags: ["spokes"],
    parameters: [
      {
        name: "status",
        in: "query",
        description: "Filter; repeat it or separate values with commas",
        style: "form",
        explode: true,
        schema: { type: "array", items: schema(StatusParam) },
      },
      { name: "drift", in: "query", schema: schema(DriftParam) },
      { name: "limit", in: "query", schema: schema(LimitParam, "input") },
      { name: "cursor", in: "query", schema: schema(CursorParam) },
    ],
    responses: {
      "200": ok(
        "The caller's spokes, newest first (an admin's: everyone's)",
        { type: "array", items: ref("SpokeSummary") },
        { count: { type: "integer" }, next_cursor: { type: ["string", "null"] } },
      ),
      ...errors("BadRequest"),
    },
  },
  "POST /api/spokes": {
    tags: ["spokes"],
    parameters: [
      {
        name: "Idempotency-Key",
        in: "header",
        description: "Repeats with the same key answer as the first did and create nothing more",
        schema: { type: "string", minLength: 1, maxLength: 200 },
      },
    ],
    requestBody: jsonBody("CreateSpokeBody"),
    responses: {
      "202": {
        ...ok("Accepted: the spoke is recorded and its deployment queued", ref("CreatedSpoke")),
        headers: { Location: { schema: { type: "string" } } },
      },
      ...errors(
        "BadRequest",
        "Forbidden",
        "Conflict",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "Unprocessable",
        "RateLimited",
        "AzureError",
        "Unavailable",
      ),
    },
  },
  "POST /api/spokes/plan": {
    tags: ["spokes"],
    requestBody: jsonBody("CreateSpokeBody"),
    responses: {
      "200": ok("What a create with this body would do", ref("Plan")),
      ...errors(
        "BadRequest",
        "Forbidden",
        "Conflict",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "AzureError",
        "Unavailable",
      ),
    },
  },
  "GET /api/spokes/{spokeId}": {
    tags: ["spokes"],
    parameters: [spokeIdParam],
    responses: { "200": ok("The record and the live Azure view", ref("SpokeDetail")), ...errors("NotFound") },
  },
  "DELETE /api/spokes/{spokeId}": {
    summary:
      "Tear a spoke down. No body is needed (as in the Flask original); plan it first with POST /api/spokes/{spokeId}/teardown/plan and send `confirm`",
    tags: ["spokes"],
    parameters: [
      spokeIdParam,
      {
        name: "confirm",
        in: "query",
        required: false,
        description:
          'Optional typed confirmation: the spoke\'s client name (or a JSON body {"confirm": …}); a wrong one is 409 confirmation_required',
        schema: { type: "string", maxLength: 200 },
      },
    ],
    requestBody: {
      required: false,
      content: json({
        type: "object",
        properties: { confirm: { type: "string", maxLength: 200, description: "The spoke's client name" } },
      }),
    },
    responses: {
      "202": ok("Teardown queued; the final state shows on GET and /events", ref("ActionResult")),
      ...errors("BadRequest", "Forbidden", "NotFound", "Conflict", "UnsupportedMediaType"),
    },
  },
  "POST /api/spokes/{spokeId}/teardown/plan": {
    summary: "What-if of a teardown, read from live Azure; writes nothing",
    tags: ["spokes"],
    parameters: [spokeIdParam],
    responses: {
      "200": ok(
        "Every resource the teardown deletes with its live properties, what is already gone and what is left alone",
        ref("TeardownPlan"),
      ),
      ...errors("Forbidden", "NotFound", "Conflict", "RateLimited", "AzureError", "Unavailable"),
    },
  },
  "PATCH /api/spokes/{spokeId}": {
    tags: ["spokes"],
    parameters: [
      spokeIdParam,
      {
        name: "Idempotency-Key",
        in: "header",
        description: "Repeats with the same key answer as the first did and start nothing more",
        schema: { type: "string", minLength: 1, maxLength: 200 },
      },
    ],
    requestBody: jsonBody("UpdateSpokeBody"),
    responses: {
      "202": ok(
        "Accepted: the update deployment is queued; steps with unchanged inputs will end skipped",
        ref("UpdateResult"),
      ),
      "200": ok("Nothing changes and nothing is forced: no deployment", ref("UpdateResult")),
      ...errors(
        "BadRequest",
        "Forbidden",
        "NotFound",
        "Conflict",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "Unprocessable",
        "RateLimited",
        "AzureError",
        "Unavailable",
      ),
    },
  },
  "POST /api/spokes/{spokeId}/plan": {
    tags: ["spokes"],
    parameters: [spokeIdParam],
    requestBody: jsonBody("UpdateSpokeBody"),
    responses: {
      "200": ok("What the update would change, read from live Azure", ref("UpdatePlan")),
      ...errors(
        "BadRequest",
        "Forbidden",
        "NotFound",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "Unprocessable",
        "AzureError",
        "Unavailable",
      ),
    },
  },
  "POST /api/spokes/{spokeId}/power": {
    tags: ["deployments"],
    parameters: [spokeIdParam],
    requestBody: jsonBody("PowerBody"),
    responses: {
      "200": ok("The action ran; the VM's power state after it", ref("PowerResult")),
      ...errors("BadRequest", "Forbidden", "NotFound", "Conflict", "UnsupportedMediaType", "AzureError", "Unavailable"),
    },
  },
  "GET /api/spokes/{spokeId}/progress": {
    tags: ["deployments"],
    parameters: [spokeIdParam],
    responses: { "200": ok("The current deployment's steps", ref("Progress")), ...errors("NotFound") },
  },
  "GET /api/spokes/{spokeId}/events": {
    tags: ["deployments"],
    parameters: [
      spokeIdParam,
      {
        name: "Last-Event-ID",
        in: "header",
        description: "Resume after this event id (EventSource sends it on reconnect)",
        schema: { type: "string", pattern: "^\\d{1,15}$" },
      },
      {
        name: "last_event_id",
        in: "query",
        description: "The same, for clients that cannot set headers",
        schema: { type: "string", pattern: "^\\d{1,15}$" },
      },
    ],
    responses: {
      "200": {
        description:
          "text/event-stream. Replays every event after Last-Event-ID, then tails. Each frame: `id:` (the spoke's event seq), `event:` (the type), `data:` (a DeploymentEvent as JSON). " +
          "A `: ping` comment is a heartbeat. After the current deployment's terminal event an `event: end` frame (no id) is sent and the stream closes.",
        content: { "text/event-stream": { schema: { type: "string" }, "x-event-data": ref("DeploymentEvent") } },
      },
      ...errors("NotFound"),
    },
  },
  "GET /api/console/spokes/{spokeId}": {
    tags: ["console"],
    parameters: [spokeIdParam],
    responses: {
      "200": ok("The record and every deployment with its steps", ref("SpokeRecord")),
      ...errors("NotFound"),
    },
  },
  "GET /api/catalog/spoke-form": {
    tags: ["console"],
    responses: {
      "200": ok("Facts for the New spoke form", { type: "object" }),
      ...errors("AzureError", "Unavailable"),
    },
  },
  "GET /api/topology": {
    tags: ["console"],
    responses: {
      "200": ok("Hub, gateway and spokes with live state", { type: "object" }),
      ...errors("AzureError", "Unavailable"),
    },
  },
  "GET /api/admin/hub": {
    tags: ["admin"],
    responses: { "200": ok("Hub status", { type: "object" }), ...errors("NotFound", "AzureError", "Unavailable") },
  },
  "GET /api/admin/audit": {
    tags: ["admin"],
    parameters: queryParams(AuditQuery),
    responses: {
      "200": ok(
        "Audit rows, newest first",
        { type: "array", items: { type: "object" } },
        { count: { type: "integer" }, next_before: { type: ["integer", "null"] } },
      ),
      ...errors("BadRequest", "NotFound"),
    },
  },
  "GET /api/admin/hub/bootstrap": {
    tags: ["admin"],
    responses: {
      "200": ok("The latest hub bootstrap with its steps and events, or null before the first", {
        type: ["object", "null"],
      }),
      ...errors("NotFound"),
    },
  },
  "POST /api/admin/hub/bootstrap": {
    tags: ["admin"],
    summary:
      "Creates what is missing of the hub (resource group, VNet, subnets, public IP, Application Gateway with its defaults); never changes an existing resource, reports how it differs instead. Idempotent: while a run is going a second call joins it; against a complete hub it writes nothing.",
    responses: {
      "202": ok("The run (queued, or the one already running): poll GET /api/admin/hub/bootstrap", { type: "object" }),
      ...errors("Forbidden", "NotFound"),
    },
  },
  "GET /api/admin/hub/doctor": {
    tags: ["admin"],
    responses: {
      "200": ok("Configuration, credential, hub and permission checks (as `npm run doctor`)", { type: "object" }),
      ...errors("NotFound"),
    },
  },
  "GET /api/admin/cleanup-reports": {
    tags: ["admin"],
    responses: { "200": ok("Cleanup reports", { type: "object" }), ...errors("NotFound") },
  },
  "GET /api/metrics": {
    tags: ["admin"],
    responses: {
      "200": {
        description: 'Prometheus text exposition (version 0.0.4) of this instance\'s metrics; see README "Metrics"',
        content: { "text/plain": { schema: { type: "string" } } },
      },
      ...errors("NotFound"),
    },
  },
  "GET /api/admin/webhooks": {
    tags: ["admin"],
    responses: {
      "200": ok(
        "Webhook endpoints, newest first",
        { type: "array", items: ref("Webhook") },
        { count: { type: "integer" } },
      ),
      ...errors("NotFound"),
    },
  },
  "POST /api/admin/webhooks": {
    tags: ["admin"],
    requestBody: jsonBody("CreateWebhookBody"),
    responses: {
      "201": ok("Created; `secret` is shown only in this answer", {
        allOf: [ref("Webhook"), { type: "object", required: ["secret"], properties: { secret: { type: "string" } } }],
      }),
      ...errors("BadRequest", "Forbidden", "NotFound", "PayloadTooLarge", "UnsupportedMediaType"),
    },
  },
  "DELETE /api/admin/webhooks/{webhookId}": {
    tags: ["admin"],
    parameters: [webhookIdParam],
    responses: {
      "200": ok("Removed", { type: "object", properties: { id: { type: "string" }, deleted: { const: true } } }),
      ...errors("Forbidden", "NotFound"),
    },
  },
  "POST /api/admin/webhooks/{webhookId}/test": {
    tags: ["admin"],
    parameters: [webhookIdParam],
    responses: {
      "202": ok("A `webhook.test` delivery is queued", {
        type: "object",
        properties: { delivery_id: { type: "string" } },
      }),
      ...errors("Forbidden", "NotFound"),
    },
  },
  "GET /api/admin/webhooks/{webhookId}/deliveries": {
    tags: ["admin"],
    parameters: [
      webhookIdParam,
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
    ],
    responses: {
      "200": ok(
        "Deliveries, newest first",
        { type: "array", items: ref("WebhookDelivery") },
        { count: { type: "integer" } },
      ),
      ...errors("NotFound"),
    },
  },
  "POST /api/topology/refresh": {
    tags: ["console"],
    responses: {
      "202": ok("Refresh requested; the read runs in the background", ref("RefreshAccepted")),
      ...errors("RateLimited"),
    },
  },
  "POST /api/spokes/{spokeId}/refresh": {
    tags: ["spokes"],
    parameters: [spokeIdParam],
    responses: {
      "202": ok("Refresh requested; the read runs in the background", ref("RefreshAccepted")),
      ...errors("NotFound", "RateLimited"),
    },
  },
  "POST /api/spokes/{spokeId}/drift-check": {
    tags: ["spokes"],
    summary:
      "Reads Azure now (5 reads), compares with the spoke's desired state, stores and answers the drift; drift.detected / drift.resolved are appended to /events when the outcome changes. A spoke that is not completed or has a deployment in progress is not read: the stored drift is answered with the reason in `error`.",
    parameters: [spokeIdParam],
    responses: {
      "200": ok("The drift and the steps a Repair would force", ref("DriftCheckResult")),
      ...errors("Forbidden", "NotFound", "RateLimited", "AzureError", "Unavailable"),
    },
  },
  "POST /api/spokes/{spokeId}/repair": {
    tags: ["spokes"],
    summary:
      "Re-applies the desired state as an update deployment that only touches what drifted: reads drift (a check younger than 5 s is used as it is), maps each difference to the update-workflow step that re-applies it (the VM size: resize_vm; peerings: create_peering, which PUTs a Disconnected side first; gateway entries: update_agw, one merged PUT; VNet, subnets, NIC) and forces exactly those, every other step ending skipped. In sync: 200 and nothing is started. A disruptive repair (the VM size goes back: a restart) needs `confirm` as PATCH does. The finish of the update checks drift again (drift.resolved). Audited as spoke.repair.",
    parameters: [spokeIdParam],
    requestBody: { required: false, content: json(ref("RepairBody")) },
    responses: {
      "202": ok("Accepted: the repair's update deployment is queued", ref("RepairResult")),
      "200": ok("In sync: nothing to repair, no deployment", ref("RepairResult")),
      ...errors(
        "BadRequest",
        "Forbidden",
        "NotFound",
        "Conflict",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "RateLimited",
        "AzureError",
        "Unavailable",
      ),
    },
  },
  "GET /api/admin/orphans": {
    tags: ["admin"],
    summary:
      "Resources tagged managed-by=hub-spoke-console whose spoke is gone, hub peerings whose remote VNet is gone, gateway entries with our naming that no spoke owns (never the hub defaults). Reads Azure (3 reads) and stores the report.",
    responses: {
      "200": ok("The orphans and the latest cleanups", {
        type: "object",
        properties: {
          read_at: { type: "string" },
          hub: { type: "string" },
          sweep_id: { type: "string" },
          orphans: { type: "array", items: ref("Orphan") },
          cleanups: { type: "array", items: { type: "object" } },
        },
      }),
      ...errors("NotFound", "AzureError", "Unavailable"),
    },
  },
  "POST /api/admin/orphans/cleanup": {
    tags: ["admin"],
    summary:
      "Removes exactly the requested orphans that are still orphans when Azure is read again (gateway entries through the gateway's single writer), then reads Azure again to verify; stores the report.",
    requestBody: {
      required: true,
      content: json({
        oneOf: [
          {
            type: "object",
            required: ["ids"],
            properties: { ids: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 500 } },
            additionalProperties: false,
          },
          { type: "object", required: ["all"], properties: { all: { const: true } }, additionalProperties: false },
        ],
      }),
    },
    responses: {
      "200": ok("The verified cleanup report", ref("OrphanCleanupReport")),
      ...errors(
        "BadRequest",
        "Forbidden",
        "NotFound",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "AzureError",
        "Unavailable",
      ),
    },
  },
  "POST /api/spokes/{spokeId}/retry": spokeAction("Retry"),
  "POST /api/spokes/{spokeId}/rollback": spokeAction("Rollback"),
  "POST /api/spokes/{spokeId}/cancel": spokeAction("Cancel"),
  "GET /api/tokens": {
    tags: ["meta"],
    responses: {
      "200": ok("The caller's tokens, newest first", { type: "array", items: { type: "object" } }),
      ...errors(),
    },
  },
  "POST /api/tokens": {
    tags: ["meta"],
    requestBody: jsonBody("CreateTokenBody"),
    responses: {
      "201": ok("The token's secret, shown once, and its expiry", {
        type: "object",
        properties: { token: { type: "string" }, expires_at: { type: ["string", "null"] } },
      }),
      "403": {
        description:
          "The caller authenticated with an API token (tokens cannot create tokens), or a cross-origin browser request",
        content: json(ref("ErrorEnvelope")),
      },
      ...errors("BadRequest"),
    },
  },
};

/** Routes outside the spoke API: Auth.js's own endpoints and the CLI's token endpoint. */
const OTHER_PATHS: Json = {
  "/api/auth/{authPath}": {
    parameters: [
      {
        name: "authPath",
        in: "path",
        required: true,
        description: "Auth.js: session, csrf, providers, signin/{provider}, callback/{provider}, signout",
        schema: { type: "string" },
      },
    ],
    get: {
      tags: ["auth"],
      summary: "Auth.js endpoints (browser sign-in)",
      security: [],
      responses: { "200": { description: "Auth.js answer" } },
    },
    post: {
      tags: ["auth"],
      summary: "Auth.js endpoints; the development credentials callback is limited per account",
      security: [],
      responses: { "302": { description: "Redirect after sign-in or sign-out" }, "429": error("RateLimited") },
    },
  },
  "/api/internal/tokens": {
    post: {
      tags: ["internal"],
      summary: "For `npm run token` while this server owns the embedded database",
      security: [{ ownerSecret: [] }],
      requestBody: {
        required: true,
        content: json({
          type: "object",
          required: ["op"],
          properties: {
            op: { enum: ["create", "revoke"] },
            email: { type: "string" },
            name: { type: "string" },
            prefix: { type: "string" },
          },
        }),
      },
      responses: {
        "200": ok("The token (shown once) or the number revoked", { type: "object" }),
        "404": error("NotFound"),
      },
    },
  },
  "/api/internal/users": {
    post: {
      tags: ["internal"],
      summary: "For `npm run admin` while this server owns the embedded database",
      security: [{ ownerSecret: [] }],
      requestBody: {
        required: true,
        content: json({
          type: "object",
          required: ["op", "email"],
          properties: {
            op: { enum: ["grant", "revoke", "add-user"] },
            email: { type: "string" },
            name: { type: "string" },
          },
        }),
      },
      responses: { "200": ok("The user and their role", { type: "object" }), "404": error("NotFound") },
    },
  },
};

function components(): Json {
  const schemas = {
    CreateSpokeBody: schema(CreateSpokeBody, "input"),
    CreateTokenBody: schema(CreateTokenBody, "input"),
    CreatedSpoke: schema(S.CreatedSpokeSchema),
    SpokeSummary: schema(S.SpokeSummarySchema),
    SpokeDetail: schema(S.SpokeDetailSchema),
    SpokeRecord: schema(S.SpokeRecordSchema),
    Progress: schema(S.ProgressSchema),
    ActionResult: schema(S.ActionResultSchema),
    UpdateSpokeBody: schema(UpdateSpokeBody, "input"),
    UpdatePlan: schema(S.UpdatePlanSchema),
    TeardownPlan: schema(S.TeardownPlanSchema),
    UpdateResult: schema(S.UpdateResultSchema),
    PowerBody: schema(PowerBody, "input"),
    PowerResult: schema(S.PowerResultSchema),
    Plan: schema(S.PlanSchema),
    Me: schema(S.MeSchema),
    ApiIndex: schema(S.ApiIndexSchema),
    Health: schema(S.HealthSchema),
    RefreshAccepted: schema(S.RefreshAcceptedSchema),
    DriftCheckResult: schema(S.DriftCheckResultSchema),
    RepairBody: schema(RepairBody, "input"),
    RepairResult: schema(S.RepairResultSchema),
    Orphan: schema(S.OrphanSchema),
    OrphanCleanupReport: schema(S.OrphanCleanupReportSchema),
    DeploymentEvent: schema(DeploymentEvent),
    ErrorEnvelope: schema(S.ErrorEnvelope),
    CreateWebhookBody: schema(CreateWebhookBody, "input"),
    Webhook: schema(S.WebhookSchema),
    WebhookDelivery: schema(S.WebhookDeliverySchema),
  };
  const responses = Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([name, r]) => [
      name,
      {
        description: r.description,
        headers:
          name === "RateLimited" || name === "Unavailable"
            ? { "Retry-After": { schema: { type: "integer" } } }
            : undefined,
        content: json(ref("ErrorEnvelope")),
      },
    ]),
  );
  for (const r of Object.values(responses)) if (!r.headers) delete r.headers;
  return {
    schemas,
    responses,
    securitySchemes: {
      bearerAuth: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "hsc_…",
        description: "A personal API token (Settings page or `npm run token`)",
      },
      cookieAuth: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser session" },
      ownerSecret: {
        type: "apiKey",
        in: "header",
        name: "x-hsc-owner-secret",
        description: "The secret in the data dir (local CLI only)",
      },
    },
  };
}

export function buildOpenApiDocument(opts: { version: string; serverUrl?: string }): Json {
  const paths: Record<string, Json> = {};
  for (const e of API_ENDPOINTS) {
    const op = OPERATIONS[`${e.method} ${e.path}` as ApiOperationKey];
    const { public: isPublic, ...rest } = op;
    const operationId = `${e.method.toLowerCase()}${
      e.path
        .replace(/^\/api/, "")
        .replace(/[{}]/g, "")
        .split(/[/._-]/)
        .filter(Boolean)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join("") || "Index"
    }`;
    (paths[e.path] ??= {})[e.method.toLowerCase()] = {
      operationId,
      summary: op.summary ?? e.description,
      ...rest,
      security: isPublic ? [] : BEARER_OR_COOKIE,
    };
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "Hub-Spoke Console API",
      version: opts.version,
      description:
        'Compatible with the Flask hub_to_spoke API. Answers use the envelope {"status":"success","data":…} or {"status":"error","code":…,"message":…,"trace_id":…}; `code` is stable (see ErrorEnvelope).',
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    security: BEARER_OR_COOKIE,
    tags: ["meta", "spokes", "deployments", "console", "admin", "auth", "internal"].map((name) => ({ name })),
    paths: { ...paths, ...OTHER_PATHS },
    components: components(),
  };
}
