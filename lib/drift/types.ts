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

/**
 * The update-workflow steps a Repair may force, in update-workflow order (lib/orchestrator/workflows.ts
 * UPDATE_STEPS; compare.test.ts checks they are its keys, in its order). Literal here so the drift card
 * (a client component) can list a Repair's steps without loading the workflows.
 */
export const REPAIR_STEP_ORDER = [
  "create_vnet",
  "create_subnets",
  "create_nic",
  "resize_vm",
  "update_agw",
  "create_peering",
] as const;
export type RepairStepKey = (typeof REPAIR_STEP_ORDER)[number];

/**
 * The update-workflow step that re-applies one difference (ARCHITECTURE.md §17): differences name
 * the create-workflow step that made the resource, and an update re-applies through its own steps.
 * The VM's size goes back through resize_vm; the VNet, subnets, NIC (and their tags), peerings and
 * gateway entries through the update step of the same key. Null: no update step can put it back (a
 * missing VM, or the VM's tags: an update never re-creates the VM, as Azure refuses an osProfile
 * change, and writes no VM tags).
 */
export function repairStepOf(d: Pick<DriftDifference, "step" | "property">): RepairStepKey | null {
  if (d.step === "create_vm") return d.property === "vmSize" ? "resize_vm" : null;
  return d.step !== "resize_vm" && (REPAIR_STEP_ORDER as readonly string[]).includes(d.step)
    ? (d.step as RepairStepKey)
    : null;
}

/** The update-workflow steps a Repair must force to re-apply these differences, in workflow order. */
export function repairSteps(differences: readonly Pick<DriftDifference, "step" | "property">[]): RepairStepKey[] {
  const wanted = new Set(differences.map(repairStepOf));
  return REPAIR_STEP_ORDER.filter((k) => wanted.has(k));
}

/** The differences no update step can re-apply (see repairStepOf). */
export function unrepairable<D extends Pick<DriftDifference, "step" | "property">>(differences: readonly D[]): D[] {
  return differences.filter((d) => repairStepOf(d) === null);
}
