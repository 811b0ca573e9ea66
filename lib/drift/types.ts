/**
 * Drift vocabulary (client-safe): a spoke's Azure resources compared with its stored desired state.
 * Every difference names the create-workflow step that makes the resource; Repair is an update
 * deployment forcing exactly the update-workflow steps that re-apply them (repairSteps in ./compare).
 */
export const DRIFT_STATUSES = ["in_sync", "drifted", "unknown"] as const;
export type DriftStatus = (typeof DRIFT_STATUSES)[number];

export type DriftValue = string | number | boolean | null | string[] | Record<string, string>;

export interface DriftDifference {
  /** `type/name` of the Azure resource or gateway entry, e.g. `virtualMachines/spoke-vm-7`. */
  resource: string;
  /** `exists`, `vmSize`, `addressSpace`, `tags.owner`, `peeringState`, … */
  property: string;
  expected: DriftValue;
  actual: DriftValue;
  /** The create-workflow step key that makes the resource (lib/orchestrator/workflows.ts); Repair re-applies it through the update-workflow step repairStepOf gives. */
  step: string;
}

export interface DriftView {
  status: DriftStatus;
  checked_at: string | null;
  differences: DriftDifference[];
  /** Why the status is unknown (Azure's code and message, or the spoke was busy). */
  error: string | null;
}

export const NO_DRIFT_VIEW: DriftView = { status: "unknown", checked_at: null, differences: [], error: null };
