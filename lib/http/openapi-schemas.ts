/**
 * Zod shapes of the API's answers, for the OpenAPI document. Each is pinned to the TypeScript type
 * the verb returns (the `Pin` lines), so a change to an answer that is not mirrored here fails tsc.
 */
import { z } from "zod";
import type { CreatedSpoke } from "@/lib/spokes/create-spoke";
import type { ActionResult } from "@/lib/spokes/deployment-actions";
import type { PowerResult } from "@/lib/spokes/power-spoke";
import { POWER_ACTIONS } from "@/lib/spokes/update-body";
import type { UpdateResult } from "@/lib/spokes/update-spoke";
import type { TeardownPlan } from "@/lib/spokes/teardown-plan";
import { ORIGINAL_STEP_STATUSES, type OriginalFields, type SpokeSummary } from "@/lib/spokes/present";
import { APP_ERROR_STATUS, type AppErrorCode } from "@/lib/errors";
import type { RefreshAccepted } from "@/lib/spokes/refresh-live";
import { SPOKE_STATUSES, STEP_STATUSES } from "@/lib/ledger/status";
import { DRIFT_STATUSES } from "@/lib/drift/types";
import type { DriftCheckResult } from "@/lib/spokes/drift-check";
import type { RepairResult } from "@/lib/spokes/repair-spoke";
import { AGW_ENTRY_KINDS } from "@/lib/network/gateway-entries";
import type { CleanupReport } from "@/lib/sweep/cleanup";
import type { Orphan } from "@/lib/sweep/find";
import type { DeliveryView, WebhookView } from "@/lib/webhooks/admin";
import { DELIVERY_STATUSES, WEBHOOK_EVENTS } from "@/lib/webhooks/events";

type Pin<S extends z.ZodType, T> = [z.infer<S>] extends [T] ? ([T] extends [z.infer<S>] ? true : never) : never;
const nullableString = z.string().nullable();
const isoDate = z.string().describe("ISO 8601 timestamp");

const FieldErrors = z
  .array(z.object({ path: z.string(), message: z.string() }))
  .describe("One entry per invalid field");
const AzureDetails = z
  .object({
    azure: z.object({
      code: z.string(),
      message: z.string(),
      status_code: z.int().nullable(),
      operation: nullableString,
    }),
  })
  .describe("Azure's own error code and message, verbatim");

export const ErrorEnvelope = z.object({
  status: z.literal("error"),
  code: z
    .enum(Object.keys(APP_ERROR_STATUS) as [AppErrorCode, ...AppErrorCode[]])
    .describe("Stable and machine-readable: branch on this, not on message"),
  message: z.string().describe("What went wrong, for a person"),
  details: z.union([FieldErrors, AzureDetails]).optional(),
  trace_id: z.string().describe("Also in the x-trace-id header and the server log"),
});

export const CreatedSpokeSchema = z.object({
  id: z.uuid(),
  spoke_id: z.int(),
  client_name: z.string(),
  status: z.literal("in_progress"),
  deployment_id: z.uuid(),
  address_prefix: z.string(),
  vnet_name: z.string(),
  vm_name: z.string(),
  links: z.object({ self: z.string(), progress: z.string(), events: z.string() }),
});

export const QueueSchema = z
  .object({ state: z.literal("waiting_for_capacity"), position: z.int(), since: isoDate })
  .nullable()
  .describe("Set while a queued create/update waits for Azure capacity (admission); position 1 starts next");

const DriftValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string()),
  z.record(z.string(), z.string()),
]);

export const DriftDifferenceSchema = z.object({
  resource: z.string().describe("`type/name` of the resource or gateway entry, e.g. virtualMachines/spoke-vm-7"),
  property: z.string().describe("exists, vmSize, addressSpace, tags.<key>, peeringState, hostNames, …"),
  expected: DriftValueSchema,
  actual: DriftValueSchema,
  step: z
    .string()
    .describe(
      "The create-workflow step that makes the resource; Repair re-applies it through the update-workflow step of `repair_steps` (the VM size: resize_vm)",
    ),
});

export const DriftSchema = z
  .object({
    status: z.enum(DRIFT_STATUSES),
    checked_at: isoDate.nullable(),
    differences: z.array(DriftDifferenceSchema),
    error: z.string().nullable().describe("Why the status is unknown, or why the spoke was not checked now"),
  })
  .describe('The last drift check: the spoke\'s desired state compared with Azure (README "Drift and orphan sweep")');

export const DriftCheckResultSchema = z.object({
  spoke_id: z.int(),
  id: z.uuid(),
  drift: DriftSchema,
  repair_steps: z.array(z.string()).describe("The update-workflow steps a Repair would force"),
});

export const OrphanSchema = z.object({
  id: z.string().describe("Pass it to POST /api/admin/orphans/cleanup"),
  category: z.enum(["resource", "hub_peering", "gateway_entry"]),
  type: z.string(),
  name: z.string(),
  resource_group: z.string().nullable(),
  reason: z.string(),
  tags: z.record(z.string(), z.string()).optional(),
  entry_kind: z.enum(AGW_ENTRY_KINDS).optional(),
});

export const OrphanCleanupReportSchema = z.object({
  sweep_id: z.string(),
  started_at: isoDate,
  finished_at: isoDate,
  requested: z.array(z.string()),
  items: z.array(
    z.object({
      id: z.string(),
      category: z.enum(["resource", "hub_peering", "gateway_entry"]),
      type: z.string(),
      name: z.string(),
      outcome: z.enum(["removed", "remaining", "skipped"]),
      error: z.string().optional(),
    }),
  ),
  verified: z.boolean().describe("Every requested orphan is gone, proven by reading Azure again"),
});

export const SpokeSummarySchema = z.object({
  id: z.uuid(),
  spoke_id: z.int(),
  client_name: z.string(),
  status: z.enum(SPOKE_STATUSES),
  address_prefix: z.string(),
  location: z.string(),
  vm_name: z.string(),
  vm_size: z.string(),
  owner: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  created_at: isoDate,
  updated_at: isoDate,
  queue: QueueSchema.optional(),
  drift: DriftSchema.optional(),
});

export const StepSchema = z.object({
  key: z.string(),
  step_name: z.string(),
  label: z.string(),
  depends_on: z.array(z.string()),
  status: z.enum(STEP_STATUSES),
  attempts: z.int(),
  started_at: nullableString,
  completed_at: nullableString,
  duration_ms: z.number().nullable(),
  error_code: nullableString,
  error_class: nullableString,
  error_message: nullableString,
  outputs: z.unknown(),
});

const DeploymentError = z
  .object({ step: nullableString, code: nullableString, class: nullableString, message: nullableString })
  .nullable();

export const DeploymentSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.string(),
  attempt: z.int(),
  parent_id: nullableString,
  requested_by: z.string(),
  created_at: isoDate,
  started_at: nullableString,
  finished_at: nullableString,
  cancel_requested_at: nullableString,
  error: DeploymentError,
  cleanup_report: z.unknown(),
  progress_percentage: z.number(),
  queue: QueueSchema,
  steps: z.array(StepSchema),
});

export const OriginalStepSchema = z
  .object({
    step_name: z.string(),
    status: z
      .enum(ORIGINAL_STEP_STATUSES)
      .describe("The original's words: succeeded/skipped/compensated → completed, running → in_progress"),
    started_at: nullableString,
    completed_at: nullableString,
    error_message: nullableString,
    timestamp: nullableString.describe("The step's last change (completed_at, else started_at)"),
  })
  .describe("A step as the Flask original reported it");

/** The Flask original's deployment fields, on the spoke answer and /progress (README, "API"). */
const OriginalFieldsSchema = z.object({
  vnet_name: z.string(),
  vnet_id: nullableString,
  vm_id: nullableString,
  vm_private_ip: nullableString.describe("Set once get_vm_private_ip has run"),
  completed_at: nullableString.describe("When the create succeeded; null otherwise"),
  failed_step: nullableString.describe("The create's failed step (kept after its rollback)"),
  error_message: nullableString,
  deployment_steps: z
    .array(OriginalStepSchema)
    .describe(
      "The newest create's steps in the original's shape; rollback/teardown steps are in `steps`/`deployments`",
    ),
});

const LiveObject = z.record(z.string(), z.unknown()).nullable();

export const LiveMetaSchema = z
  .object({
    read_at: nullableString.describe("When the shared snapshot was read from Azure; null while the first read runs"),
    age_s: z.number().nullable().describe("Seconds since read_at, when answered"),
    refreshing: z.boolean().describe("A read of Azure is running now"),
    error: nullableString.describe(
      "Azure's code and message if the last read failed (the data is then the previous read)",
    ),
  })
  .describe("The live snapshot behind the answer (README: Live views)");

export const RefreshAcceptedSchema = z.object({
  refresh: z.literal("requested"),
  min_interval_s: z.number().describe("All viewers together cause at most one read per snapshot in this period"),
});

/** The stored record (GET /api/console/spokes/{id}); GET /api/spokes/{id} adds the live view. */
export const SpokeRecordSchema = SpokeSummarySchema.extend({
  subnets: z.unknown(),
  admin_username: z.string(),
  resource_group: z.string(),
  agw: z.unknown().describe("The gateway entry names this spoke owns"),
  deleted_at: nullableString,
  last_event_seq: z.int(),
  progress: z.number(),
  queue: QueueSchema,
  deployment: DeploymentSchema.nullable(),
  deployments: z.array(DeploymentSchema),
}).extend(OriginalFieldsSchema.shape);

export const SpokeDetailSchema = SpokeRecordSchema.extend({
  exists: z.boolean().describe("Whether the VNet or VM exists in Azure now"),
  vnet: LiveObject.describe("Live: address space, subnets, both peering states"),
  vm: LiveObject.describe("Live: power state, private IP, size"),
  agw: LiveObject.describe("Live: backend pool and rule configured, backend health"),
  live_error: z.string().optional().describe("Set when Azure could not be read; the record is still returned"),
  live: LiveMetaSchema,
});

export const ProgressSchema = z
  .object({
    spoke_id: z.int(),
    id: z.uuid(),
    status: z.enum(SPOKE_STATUSES),
    deployment_id: z.uuid().nullable(),
    kind: nullableString,
    deployment_status: nullableString,
    progress_percentage: z.number(),
    queue: QueueSchema,
    steps: z.array(StepSchema),
    error: DeploymentError,
  })
  .extend(OriginalFieldsSchema.shape);

export const ActionResultSchema = z.object({
  spoke_id: z.int(),
  id: z.uuid(),
  deployment_id: z.uuid(),
  kind: z.string(),
  status: z.string().describe("queued or cancel_requested"),
});

export const PlannedChangeSchema = z.object({
  resource: z.string().describe("ARM id of the resource (a gateway entry: the gateway's id + collection + name)"),
  property: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  step: z.string().describe("The update step that makes the change"),
  disruptive: z.boolean().describe("The VM stops serving for a while (restart or deallocate)"),
  destructive: z.boolean().describe("Something is deleted"),
  note: z.string().optional(),
});

export const UpdatePlanSchema = z.object({
  id: z.uuid(),
  spoke_id: z.int(),
  changes: z.array(PlannedChangeSchema),
  steps: z.array(
    z.object({ key: z.string(), action: z.enum(["run", "skip"]), reason: z.enum(["changed", "forced", "unchanged"]) }),
  ),
  disruptive: z.boolean(),
  confirmation: z.object({
    required: z.boolean(),
    phrase: z
      .string()
      .describe(
        'PATCH must send `confirm` equal to this (the client name) when required; else 409 with details.reason "confirmation_required"',
      ),
  }),
});

export const UpdateResultSchema = z.object({
  id: z.uuid(),
  spoke_id: z.int(),
  deployment_id: z.uuid().nullable().describe("Null when nothing changes and nothing is forced"),
  kind: z.literal("update"),
  status: z.enum(["queued", "unchanged"]),
  plan: UpdatePlanSchema,
});

export const RepairResultSchema = z.object({
  id: z.uuid(),
  spoke_id: z.int(),
  status: z.enum(["queued", "in_sync"]).describe("in_sync: nothing drifted and nothing was started"),
  deployment_id: z.uuid().nullable().describe("The update deployment that re-applies what drifted; null when in sync"),
  kind: z.literal("update"),
  drift: DriftSchema,
  steps: z.array(z.string()).describe("The update-workflow steps forced to run; every other step ends skipped"),
  unrepairable: z
    .array(DriftDifferenceSchema)
    .describe("Differences no update step can put back (a missing VM, the VM's tags)"),
  plan: UpdatePlanSchema.nullable(),
});

export const PowerResultSchema = z.object({
  id: z.uuid(),
  spoke_id: z.int(),
  action: z.enum(POWER_ACTIONS),
  power_state: z.enum(["starting", "running", "stopping", "stopped", "deallocating", "deallocated", "unknown"]),
});

export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(["user", "admin"]),
  authenticated_via: z.enum(["session", "token"]),
});

export const ApiIndexSchema = z.object({
  name: z.string(),
  version: z.string(),
  endpoints: z.array(z.object({ method: z.string(), path: z.string(), description: z.string() })),
});

export const HealthSchema = z.object({
  ok: z.boolean(),
  checks: z
    .record(z.string(), z.object({ ok: z.boolean() }).loose())
    .optional()
    .describe("Admins only: database, worker and Azure probe detail"),
});

export const PlanSchema = z.object({
  config: z.record(z.string(), z.unknown()).describe("Every name and range the create would use"),
  checks: z.array(
    z.object({ key: z.string(), label: z.string(), ok: z.boolean(), code: z.string().optional(), message: z.string() }),
  ),
  ok: z.boolean(),
  ssh_key: z.object({ type: z.string(), bits: z.number() }),
});

export const WebhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  description: z.string().nullable(),
  secret_hint: z.string().describe("The secret's first characters; the secret itself is shown only when created"),
  created_at: z.string(),
});

export const WebhookDeliverySchema = z.object({
  id: z.string(),
  event: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  response_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  last_attempt_at: z.string().nullable(),
  delivered_at: z.string().nullable(),
});

// Compile-time pins: the documented shape and the verb's type must agree.
export const REPAIR_PIN: Pin<typeof RepairResultSchema, RepairResult> = true;
export const WEBHOOK_PINS: [
  Pin<typeof WebhookSchema, WebhookView>,
  Pin<typeof WebhookDeliverySchema, Omit<DeliveryView, "status"> & { status: (typeof DELIVERY_STATUSES)[number] }>,
] = [true, true];
export const PINS: [
  Pin<typeof CreatedSpokeSchema, CreatedSpoke>,
  Pin<typeof ActionResultSchema, ActionResult>,
  Pin<typeof SpokeSummarySchema, Omit<SpokeSummary, "status"> & { status: (typeof SPOKE_STATUSES)[number] }>,
  Pin<typeof OriginalFieldsSchema, OriginalFields>,
  Pin<typeof RefreshAcceptedSchema, RefreshAccepted>,
  Pin<typeof DriftCheckResultSchema, DriftCheckResult>,
  Pin<typeof OrphanSchema, Orphan>,
  Pin<typeof OrphanCleanupReportSchema, CleanupReport & { sweep_id: string }>,
  Pin<typeof UpdateResultSchema, UpdateResult>,
  Pin<typeof PowerResultSchema, PowerResult>,
] = [true, true, true, true, true, true, true, true, true, true];

const TeardownResourceSchema = z.object({
  resource: z.string().describe("ARM id (a gateway entry: the gateway's id + collection + name)"),
  type: z.string().describe("ARM resource type"),
  name: z.string(),
  step: z
    .enum([
      "remove_agw_entries",
      "delete_vm",
      "delete_os_disk",
      "delete_nic",
      "delete_peerings",
      "delete_vnet",
      "verify_cleanup",
      "release_address",
    ])
    .describe("The teardown step that deletes it"),
  properties: z
    .record(z.string(), z.unknown())
    .describe("Live properties read now (size, power state, IPs, peering state, address space …); empty when gone"),
  destructive: z.boolean().describe("True for everything in `deletes`"),
  note: z.string().optional(),
});

export const TeardownPlanSchema = z.object({
  id: z.uuid(),
  spoke_id: z.int(),
  client_name: z.string(),
  status: z.string(),
  read_at: isoDate,
  deletes: z.array(TeardownResourceSchema).describe("Everything the teardown deletes, in workflow order"),
  already_gone: z.array(TeardownResourceSchema).describe("The spoke's resources Azure no longer has"),
  left_alone: z.object({
    resources: z
      .array(TeardownResourceSchema)
      .describe("Named like the spoke's but not this console's for it: left in place"),
    gateway_entries: z.object({ hub_defaults: z.int(), other_spokes: z.int() }),
    hub_peerings: z.int().describe("Other peerings of the hub VNet"),
  }),
  gateway: z.object({
    put: z.boolean().describe("Whether the single writer's merged PUT changes the gateway"),
    removes: z.array(z.string()),
    other_changes: z
      .array(z.object({ kind: z.string(), name: z.string(), action: z.string() }))
      .describe("Other spokes' pending changes the same merged PUT carries"),
    note: z.string().optional(),
  }),
  releases: z.object({ address_prefix: z.string(), spoke_number: z.int(), client_name: z.string() }),
  destructive: z.boolean(),
  blocked: nullableString.describe("Why DELETE would be refused now, else null"),
  confirmation: z.object({
    required: z.literal(true),
    phrase: z
      .string()
      .describe(
        'DELETE may send `confirm` (?confirm= or JSON body) equal to this; a wrong one is 409 with details.reason "confirmation_required"',
      ),
  }),
});

export const TEARDOWN_PLAN_PIN: Pin<typeof TeardownPlanSchema, TeardownPlan> = true;
