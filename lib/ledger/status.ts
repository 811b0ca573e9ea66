/**
 * Status vocabularies shared by the database, API and UI — one spelling everywhere. Client-safe.
 * Spoke statuses keep the Flask original's words (ARCHITECTURE.md §4).
 */

export const SPOKE_STATUSES = [
  "pending",
  "in_progress",
  "completed",
  "failed",
  "rolling_back",
  "rolled_back",
  "rollback_failed",
  "deleting",
  "deleted",
  "delete_failed",
] as const;
export type SpokeStatus = (typeof SPOKE_STATUSES)[number];
/** No work is running; a user action (retry, roll back, delete) may start more. */
export const TERMINAL_SPOKE_STATUSES = [
  "completed",
  "failed",
  "rolled_back",
  "rollback_failed",
  "deleted",
  "delete_failed",
] as const satisfies readonly SpokeStatus[];

export const DEPLOYMENT_KINDS = ["create", "teardown", "rollback", "update"] as const;
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

export const DEPLOYMENT_STATUSES = ["queued", "running", "succeeded", "failed", "canceled"] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
export const TERMINAL_DEPLOYMENT_STATUSES = [
  "succeeded",
  "failed",
  "canceled",
] as const satisfies readonly DeploymentStatus[];

export const STEP_STATUSES = ["pending", "running", "succeeded", "failed", "skipped", "compensated"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export const TERMINAL_STEP_STATUSES = [
  "succeeded",
  "failed",
  "skipped",
  "compensated",
] as const satisfies readonly StepStatus[];
/** Dependants may start once a dependency is in one of these. */
export const STEP_STATUSES_SATISFYING_DEPENDANTS = ["succeeded", "skipped"] as const satisfies readonly StepStatus[];

export const ERROR_CLASSES = ["transient", "permanent"] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

function member<T extends string>(list: readonly T[]) {
  return (value: string): value is T => (list as readonly string[]).includes(value);
}

export const isTerminalSpokeStatus = member<SpokeStatus>(TERMINAL_SPOKE_STATUSES);
export const isTerminalDeploymentStatus = member<DeploymentStatus>(TERMINAL_DEPLOYMENT_STATUSES);
export const isTerminalStepStatus = member<StepStatus>(TERMINAL_STEP_STATUSES);
export const isSpokeStatus = member<SpokeStatus>(SPOKE_STATUSES);
export const isStepStatus = member<StepStatus>(STEP_STATUSES);
