/** The OpenAPI operations on spokes: create, plan, read, change, tear down, follow; and the console's reads. */
import { CursorParam, DriftParam, LimitParam, StatusParam } from "@/lib/spokes/list-query";
import type { ApiOperationKey } from "./api-index";
import { errors, json, jsonBody, ok, ref, schema, spokeAction, spokeIdParam, type Operation } from "./openapi-parts";

type Keys = Extract<ApiOperationKey, `${string} /api/${"spokes" | "console" | "catalog" | "topology"}${string}`>;

/** The answer of both live-view refreshes (topology and one spoke). */
const REFRESH_ACCEPTED = ok("Refresh requested; the read runs in the background", ref("RefreshAccepted"));

export const SPOKE_OPERATIONS: Record<Keys, Operation> = {
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
  "POST /api/topology/refresh": {
    tags: ["console"],
    responses: {
      "202": REFRESH_ACCEPTED,
      ...errors("RateLimited"),
    },
  },
  "POST /api/spokes/{spokeId}/refresh": {
    tags: ["spokes"],
    parameters: [spokeIdParam],
    responses: {
      "202": REFRESH_ACCEPTED,
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
  "POST /api/spokes/{spokeId}/retry": spokeAction("Retry"),
  "POST /api/spokes/{spokeId}/rollback": spokeAction("Rollback"),
  "POST /api/spokes/{spokeId}/cancel": spokeAction("Cancel"),
};
