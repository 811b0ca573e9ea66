/**
 * The deployment event schema (ARCHITECTURE.md §10), shared by the event writer, the SSE route and the
 * browser hook that folds events into the query cache. Client-safe: zod and our vocabularies only.
 */
import { z } from "zod";
import { DEPLOYMENT_KINDS, ERROR_CLASSES } from "./status";

export const EVENT_TYPES = [
  "deployment.queued",
  "deployment.started",
  /** Admission: Azure's request budget carries no more concurrent deployments yet; queued with a position. */
  "deployment.waiting",
  /** A worker picked up a deployment another worker left non-terminal (crash recovery). */
  "deployment.resumed",
  "deployment.cancel_requested",
  "step.started",
  "step.retrying",
  "step.succeeded",
  "step.failed",
  "step.skipped",
  "step.compensated",
  "deployment.succeeded",
  "deployment.failed",
  "deployment.rolling_back",
  "deployment.rolled_back",
  "deployment.rollback_failed",
  "deployment.canceled",
  "gateway.applied",
  "cleanup.report",
  /** A drift check found the spoke's Azure resources differ from its desired state (lib/drift). */
  "drift.detected",
  /** A drift check found the spoke back in sync. */
  "drift.resolved",
] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/** The last event of a deployment; the SSE stream closes after the current deployment's. */
export const TERMINAL_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  "deployment.succeeded",
  "deployment.failed",
  "deployment.rolled_back",
  "deployment.rollback_failed",
  "deployment.canceled",
]);

export function isTerminalEventType(type: string): boolean {
  return TERMINAL_EVENT_TYPES.has(type as EventType);
}

export const EVENT_LEVELS = ["debug", "info", "warn", "error"] as const;
export const EventLevel = z.enum(EVENT_LEVELS);
export type EventLevel = z.infer<typeof EventLevel>;

/** Error as the UI shows it: Azure's code and message, and whether we retried. */
export const EventError = z.object({
  code: z.string(),
  class: z.enum(ERROR_CLASSES),
  message: z.string(),
});
export type EventError = z.infer<typeof EventError>;

export const StepRetryingData = z.object({
  error: EventError,
  delayMs: z.number().int().nonnegative(),
  nextAttempt: z.number().int().positive(),
});
export type StepRetryingData = z.infer<typeof StepRetryingData>;

export const StepFailedData = z.object({ error: EventError });
export type StepFailedData = z.infer<typeof StepFailedData>;

export const DeploymentQueuedData = z.object({
  kind: z.enum(DEPLOYMENT_KINDS),
  /** Set on a rollback of a failed create. */
  parentDeploymentId: z.string().nullable().optional(),
});
export type DeploymentQueuedData = z.infer<typeof DeploymentQueuedData>;

export const GatewayAppliedData = z.object({
  generation: z.number().int().nonnegative(),
  added: z.array(z.string()),
  updated: z.array(z.string()),
  removed: z.array(z.string()),
});
export type GatewayAppliedData = z.infer<typeof GatewayAppliedData>;

export const CLEANUP_OUTCOMES = [
  "verified",
  "verification_failed",
  "partial_failure",
  "force_deletion_complete",
] as const;

/** ARCHITECTURE.md §5.2's cleanup report: one row per resource that had to be force-deleted or remains. */
export const CleanupReportData = z.object({
  outcome: z.enum(CLEANUP_OUTCOMES),
  resources: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      attempts: z.number().int().nonnegative(),
      error: z.string().nullable().optional(),
      deletedAt: z.string().nullable().optional(),
    }),
  ),
});
export type CleanupReportData = z.infer<typeof CleanupReportData>;

/**
 * Types whose `data` has a known shape; the rest carry free-form details. These are checked,
 * not transformed, so `data` reaches the browser exactly as it was stored.
 */
export const EVENT_DATA_SCHEMAS: Partial<Record<EventType, z.ZodType>> = {
  "deployment.queued": DeploymentQueuedData,
  "step.retrying": StepRetryingData,
  "step.failed": StepFailedData,
  "gateway.applied": GatewayAppliedData,
  "cleanup.report": CleanupReportData,
};

const STEP_EVENT_PREFIX = "step.";

export const DeploymentEvent = z
  .object({
    /** Per-spoke sequence: the SSE `id:` and the resume cursor. */
    seq: z.number().int().positive(),
    spokeId: z.string().min(1),
    deploymentId: z.string().min(1).nullable(),
    at: z.iso.datetime({ offset: true }),
    type: EventType,
    step: z.string().min(1).nullable().optional(),
    attempt: z.number().int().positive().nullable().optional(),
    level: EventLevel,
    message: z.string(),
    data: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((event, ctx) => {
    if (event.type.startsWith(STEP_EVENT_PREFIX) && !event.step) {
      ctx.addIssue({ code: "custom", path: ["step"], message: `${event.type} needs a step key` });
    }
    const schema = EVENT_DATA_SCHEMAS[event.type];
    const result = schema?.safeParse(event.data);
    for (const issue of result?.error?.issues ?? []) {
      ctx.addIssue({ code: "custom", path: ["data", ...issue.path.map(String)], message: issue.message });
    }
  });
export type DeploymentEvent = z.infer<typeof DeploymentEvent>;

/** What a writer supplies; seq and at are assigned when the row is appended. */
export type NewDeploymentEvent = Omit<DeploymentEvent, "seq" | "at">;
