/** The OpenAPI operations of admins: the hub, audit, metrics, webhooks, orphans. */
import { AuditQuery } from "@/lib/admin/audit-log";
import type { ApiOperationKey } from "./api-index";
import { ref, json, ok, errors, queryParams, webhookIdParam, jsonBody, type Operation } from "./openapi-parts";

type Keys = Extract<ApiOperationKey, `${string} /api/admin${string}` | "GET /api/metrics">;

export const ADMIN_OPERATIONS: Record<Keys, Operation> = {
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
};
