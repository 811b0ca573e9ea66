/** API/UI shape of a spoke (snake_case, as the Flask original's clients expect). */
import type { DriftView } from "@/lib/drift/types";
import type { QueueView } from "@/lib/orchestrator/admission";
import type { StepStatus } from "@/lib/ledger/status";
import type { DeploymentView, StepView } from "./get-spoke";

export interface SpokeSummary {
  id: string;
  spoke_id: number;
  client_name: string;
  status: string;
  address_prefix: string;
  location: string;
  vm_name: string;
  vm_size: string;
  owner: { id: string; email: string; name: string };
  created_at: string;
  updated_at: string;
  /** Set while its create/update waits for Azure capacity; absent on the single-spoke summary (see `queue` there). */
  queue?: QueueView | null;
  /** The last drift check (README "Drift and orphan sweep"); `unknown` until one ran. */
  drift?: DriftView;
}

export interface SpokeListPage {
  spokes: SpokeSummary[];
  next_cursor: string | null;
}

/** The four step words of the Flask original's `deployment_steps[].status`. */
export const ORIGINAL_STEP_STATUSES = ["pending", "in_progress", "completed", "failed"] as const;
export type OriginalStepStatus = (typeof ORIGINAL_STEP_STATUSES)[number];

/**
 * Our step statuses in the original's words — the one place they are translated (README, "Step
 * status words"). `skipped` (already in place, nothing to do) is `completed`: the step's outcome
 * holds. `compensated` (it completed, then a rollback undid it) is `completed` too: the original
 * never rewrote a step after its rollback and reported the undo in the spoke's `status`
 * (`rolled_back`), so its clients read it there; our own `steps[].status` keeps `compensated`.
 */
const ORIGINAL_STEP_STATUS: Record<StepStatus, OriginalStepStatus> = {
  pending: "pending",
  running: "in_progress",
  succeeded: "completed",
  skipped: "completed",
  compensated: "completed",
  failed: "failed",
};

export function originalStepStatus(status: StepStatus): OriginalStepStatus {
  return ORIGINAL_STEP_STATUS[status];
}

/** One entry of the original's `deployment_steps`. `timestamp` (its progress answer) is the last change. */
export interface OriginalStep {
  step_name: string;
  status: OriginalStepStatus;
  started_at: string | null;
  completed_at: string | null;
  error_message: string | null;
  timestamp: string | null;
}

export function toOriginalSteps(steps: readonly StepView[]): OriginalStep[] {
  return steps.map((s) => ({
    step_name: s.step_name,
    status: originalStepStatus(s.status),
    started_at: s.started_at,
    completed_at: s.completed_at,
    error_message: s.error_message,
    timestamp: s.completed_at ?? s.started_at,
  }));
}

/** The original's top-level deployment fields, beside ours on GET /api/spokes/{id} and /progress. */
export interface OriginalFields {
  vnet_name: string;
  vnet_id: string | null;
  vm_id: string | null;
  vm_private_ip: string | null;
  completed_at: string | null;
  failed_step: string | null;
  error_message: string | null;
  deployment_steps: OriginalStep[];
}

const output = (steps: readonly StepView[], key: string, field: string): string | null => {
  const value = (steps.find((s) => s.key === key)?.outputs as Record<string, unknown> | null | undefined)?.[field];
  return typeof value === "string" && value ? value : null;
};

/**
 * The original had one deployment per spoke: its 11-step create. Ours are a history (create, then
 * a rollback or teardown), so these fields describe the newest create (or update, which re-runs
 * the create graph): after a rollback, `failed_step` still names the step that failed. A
 * rollback's or teardown's own steps are in `steps` and `deployments`.
 */
export function originalFields(names: { vnet: string }, views: readonly DeploymentView[]): OriginalFields {
  const d = views.find((v) => v.kind === "create" || v.kind === "update");
  const steps = d?.steps ?? [];
  const failed =
    d?.status === "failed" || d?.status === "canceled" ? (steps.find((s) => s.status === "failed") ?? null) : null;
  return {
    vnet_name: names.vnet,
    vnet_id: output(steps, "create_vnet", "vnetId"),
    vm_id: output(steps, "create_vm", "vmId"),
    // Set by get_vm_private_ip, as in the original: a NIC whose VM never came up has no VM IP.
    vm_private_ip: output(steps, "get_vm_private_ip", "privateIp"),
    completed_at: d?.status === "succeeded" ? d.finished_at : null,
    failed_step: d?.error?.step ?? failed?.step_name ?? null,
    error_message: d?.error?.message ?? failed?.error_message ?? null,
    deployment_steps: toOriginalSteps(steps),
  };
}
