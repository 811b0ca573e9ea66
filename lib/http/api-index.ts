/** What GET /api lists (the original's GET /), and the operations the OpenAPI document describes. */
export interface ApiEndpoint {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  description: string;
}

export const API_ENDPOINTS = [
  { method: "GET", path: "/api", description: "This index" },
  { method: "GET", path: "/api/health", description: "Up or down; database, worker and Azure detail for admins" },
  { method: "GET", path: "/api/openapi.json", description: "OpenAPI 3.1 description of this API" },
  { method: "GET", path: "/api/me", description: "The authenticated caller" },
  { method: "GET", path: "/api/spokes", description: "List spokes (?status=&drift=&limit=&cursor=)" },
  { method: "POST", path: "/api/spokes", description: "Create a spoke (202 at once; Idempotency-Key honoured)" },
  {
    method: "POST",
    path: "/api/spokes/plan",
    description: "Pre-flight a create: names, ranges and checks; writes nothing",
  },
  {
    method: "GET",
    path: "/api/spokes/{spokeId}",
    description: "A spoke (number or uuid) with its live Azure view (shared snapshot, age in `live`)",
  },
  {
    method: "DELETE",
    path: "/api/spokes/{spokeId}",
    description: "Tear a spoke down (202); optional ?confirm= (or {confirm}) must be the client name, else 409",
  },
  {
    method: "POST",
    path: "/api/spokes/{spokeId}/teardown/plan",
    description:
      "What-if of a teardown: every resource it deletes with its live properties, what is gone, what stays; writes nothing",
  },
  {
    method: "PATCH",
    path: "/api/spokes/{spokeId}",
    description:
      "Update a spoke: VM size, SSH key, gateway routing, tags; unchanged steps are skipped (202; Idempotency-Key honoured)",
  },
  {
    method: "POST",
    path: "/api/spokes/{spokeId}/plan",
    description: "What-if of an update: property-level differences read from live Azure; writes nothing",
  },
  {
    method: "POST",
    path: "/api/spokes/{spokeId}/power",
    description: "Start, stop, restart or deallocate the spoke's VM",
  },
  {
    method: "GET",
    path: "/api/spokes/{spokeId}/progress",
    description: "Steps of the current deployment and progress_percentage",
  },
  {
    method: "GET",
    path: "/api/spokes/{spokeId}/events",
    description: "Server-Sent Events: every event of the spoke's deployments",
  },
  {
    method: "POST",
    path: "/api/spokes/{spokeId}/retry",
    description: "Resume the failed deployment from its failed step",
  },
  { method: "POST", path: "/api/spokes/{spokeId}/rollback", description: "Roll back a failed create" },
  {
    method: "POST",
    path: "/api/spokes/{spokeId}/cancel",
    description: "Cancel a create in progress (it is then rolled back)",
  },
  {
    method: "GET",
    path: "/api/console/spokes/{spokeId}",
    description: "Console: a spoke's record and deployments without the live Azure view",
  },
  {
    method: "GET",
    path: "/api/catalog/spoke-form",
    description: "Console: VM sizes with quota left, the address pool, the next free number",
  },
  {
    method: "GET",
    path: "/api/topology",
    description: "Console: the hub, its gateway and the caller's spokes, from the shared live snapshot",
  },
  {
    method: "POST",
    path: "/api/topology/refresh",
    description: "Console: ask for a fresh read of the hub snapshot (202)",
  },
  {
    method: "POST",
    path: "/api/spokes/{spokeId}/refresh",
    description: "Ask for a fresh read of the spoke's live view (202)",
  },
  {
    method: "POST",
    path: "/api/spokes/{spokeId}/drift-check",
    description: "Compare the spoke's desired state with Azure now and answer with the drift",
  },
  {
    method: "POST",
    path: "/api/spokes/{spokeId}/repair",
    description: "Re-apply what drifted as an update deployment forcing only the steps that put it back",
  },
  {
    method: "GET",
    path: "/api/admin/orphans",
    description: "Admin: what is in Azure but owned by no live spoke (report only)",
  },
  {
    method: "POST",
    path: "/api/admin/orphans/cleanup",
    description: "Admin: remove exactly these orphans ({ids} or {all: true}); answers the verified report",
  },
  { method: "GET", path: "/api/admin/hub", description: "Admin: hub status" },
  {
    method: "GET",
    path: "/api/admin/audit",
    description: "Admin: the audit log (?action=&actor=&outcome=&before=&limit=)",
  },
  {
    method: "GET",
    path: "/api/admin/hub/bootstrap",
    description: "Admin: the latest hub bootstrap (steps, events, report)",
  },
  {
    method: "POST",
    path: "/api/admin/hub/bootstrap",
    description: "Admin: create what is missing of the hub (idempotent)",
  },
  {
    method: "GET",
    path: "/api/admin/hub/doctor",
    description: "Admin: configuration, credential, hub and permission checks",
  },
  { method: "GET", path: "/api/admin/cleanup-reports", description: "Admin: teardown and rollback cleanup reports" },
  { method: "GET", path: "/api/tokens", description: "The caller's API tokens (never their secrets)" },
  {
    method: "POST",
    path: "/api/tokens",
    description: "Create an API token (signed-in session only; a token gets 403)",
  },
  {
    method: "GET",
    path: "/api/metrics",
    description: "Admin: Prometheus metrics of this instance (text exposition format)",
  },
  { method: "GET", path: "/api/admin/webhooks", description: "Admin: webhook endpoints (secrets never shown)" },
  {
    method: "POST",
    path: "/api/admin/webhooks",
    description: "Admin: register a webhook endpoint; answers its signing secret once",
  },
  {
    method: "DELETE",
    path: "/api/admin/webhooks/{webhookId}",
    description: "Admin: remove a webhook endpoint and its delivery log",
  },
  { method: "POST", path: "/api/admin/webhooks/{webhookId}/test", description: "Admin: queue a signed test delivery" },
  {
    method: "GET",
    path: "/api/admin/webhooks/{webhookId}/deliveries",
    description: "Admin: an endpoint's delivery log (?limit=)",
  },
] as const satisfies readonly ApiEndpoint[];

type KeyOf<E> = E extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
/** "GET /api/spokes" … one per listed operation. */
export type ApiOperationKey = KeyOf<(typeof API_ENDPOINTS)[number]>;
