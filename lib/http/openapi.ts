/**
 * GET /api/openapi.json: OpenAPI 3.1 built from the zod schemas the handlers parse with
 * (request bodies, path and query parameters) and the pinned answer shapes of openapi-schemas.ts.
 * Every operation of API_ENDPOINTS must have an entry (a Record keyed by the index, assembled from
 * openapi-meta / -spokes / -admin, each typed by the paths it covers), so the document cannot
 * silently miss a listed route. The shared pieces (answers, errors, parameters) are openapi-parts.ts.
 */
import { DeploymentEvent } from "@/lib/ledger/events";
import { CreateTokenBody } from "@/lib/auth/token-api";
import { CreateSpokeBody } from "@/lib/spokes/schemas";
import { PowerBody, UpdateSpokeBody } from "@/lib/spokes/update-body";
import { RepairBody } from "@/lib/spokes/repair-spoke";
import { CreateWebhookBody } from "@/lib/webhooks/events";
import { API_ENDPOINTS, type ApiOperationKey } from "./api-index";
import { ADMIN_OPERATIONS } from "./openapi-admin";
import { META_OPERATIONS, OTHER_PATHS } from "./openapi-meta";
import { BEARER_OR_COOKIE, ERROR_RESPONSES, json, ref, schema, type Json, type Operation } from "./openapi-parts";
import * as S from "./openapi-schemas";
import { SPOKE_OPERATIONS } from "./openapi-spokes";

/** Every listed operation: a key missing from the three parts is a type error here. */
const OPERATIONS: Record<ApiOperationKey, Operation> = { ...META_OPERATIONS, ...SPOKE_OPERATIONS, ...ADMIN_OPERATIONS };

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
