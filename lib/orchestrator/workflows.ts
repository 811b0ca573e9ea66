/**
 * The step graphs of ARCHITECTURE.md §5 — keys and dependencies only, so the UI can draw the timeline
 * before a run starts and the runner can attach `run`/`compensate` server-side. The keys are the
 * Flask original's, which API clients already know. Client-safe.
 */
import type { DagNode } from "./dag";
import { CLEANUP_RETRY_POLICY, type RetryPolicy } from "./retry-policy";
import type { DeploymentKind, StepStatus } from "@/lib/ledger/status";

export const CREATE_STEP_KEYS = [
  "validate_config",
  "create_vnet",
  "create_subnets",
  "create_nic",
  "create_vm",
  "wait_vm_ready",
  "get_vm_private_ip",
  "update_agw",
  "create_peering",
  "verify_connectivity",
  "save_to_storage",
] as const;
export type CreateStepKey = (typeof CREATE_STEP_KEYS)[number];

export const TEARDOWN_STEP_KEYS = [
  "remove_agw_entries",
  "delete_vm",
  "delete_os_disk",
  "delete_nic",
  "delete_peerings",
  "delete_vnet",
  "verify_cleanup",
  "release_address",
] as const;
export type TeardownStepKey = (typeof TEARDOWN_STEP_KEYS)[number];

export type StepKey = CreateStepKey | TeardownStepKey;

export type WorkflowStep<K extends StepKey = StepKey> = DagNode & { readonly key: K; readonly dependsOn: readonly K[] };

/** Peering and the gateway update run beside the VM, not after it: the first performance lever. */
export const CREATE_WORKFLOW: readonly WorkflowStep<CreateStepKey>[] = [
  { key: "validate_config", dependsOn: [] },
  { key: "create_vnet", dependsOn: ["validate_config"] },
  { key: "create_subnets", dependsOn: ["create_vnet"] },
  { key: "create_nic", dependsOn: ["create_subnets"] },
  { key: "create_vm", dependsOn: ["create_nic"] },
  { key: "wait_vm_ready", dependsOn: ["create_vm"] },
  { key: "get_vm_private_ip", dependsOn: ["wait_vm_ready"] },
  { key: "update_agw", dependsOn: ["create_nic"] },
  { key: "create_peering", dependsOn: ["create_vnet"] },
  { key: "verify_connectivity", dependsOn: ["create_peering"] },
  { key: "save_to_storage", dependsOn: ["get_vm_private_ip", "update_agw", "verify_connectivity"] },
];

/**
 * Teardown, and rollback applied to what exists. verify_cleanup also waits for the OS disk,
 * which is a leaf in the ARCHITECTURE.md §5.2 drawing: verifying before it is gone would be a lie.
 */
export const TEARDOWN_WORKFLOW: readonly WorkflowStep<TeardownStepKey>[] = [
  { key: "remove_agw_entries", dependsOn: [] },
  { key: "delete_vm", dependsOn: ["remove_agw_entries"] },
  { key: "delete_os_disk", dependsOn: ["delete_vm"] },
  { key: "delete_nic", dependsOn: ["delete_vm"] },
  { key: "delete_peerings", dependsOn: [] },
  { key: "delete_vnet", dependsOn: ["delete_nic", "delete_peerings"] },
  { key: "verify_cleanup", dependsOn: ["delete_vnet", "delete_os_disk"] },
  { key: "release_address", dependsOn: ["verify_cleanup"] },
];

export const ROLLBACK_WORKFLOW = TEARDOWN_WORKFLOW;

/** "update" re-applies the desired configuration with the create graph: every write is an idempotent PUT. */
export function workflowFor(kind: DeploymentKind): readonly WorkflowStep[] {
  return kind === "create" || kind === "update" ? CREATE_WORKFLOW : TEARDOWN_WORKFLOW;
}

export const STEP_LABELS: Record<StepKey, string> = {
  validate_config: "Validate configuration",
  create_vnet: "Create virtual network",
  create_subnets: "Create subnets",
  create_nic: "Create network interface",
  create_vm: "Create virtual machine",
  wait_vm_ready: "Wait for VM to be ready",
  get_vm_private_ip: "Read VM private IP",
  update_agw: "Configure application gateway",
  create_peering: "Peer with hub",
  verify_connectivity: "Verify peering connectivity",
  save_to_storage: "Verify and save",
  remove_agw_entries: "Remove application gateway entries",
  delete_vm: "Delete virtual machine",
  delete_os_disk: "Delete OS disk",
  delete_nic: "Delete network interface",
  delete_peerings: "Delete hub and spoke peerings",
  delete_vnet: "Delete virtual network",
  verify_cleanup: "Verify cleanup",
  release_address: "Release address block",
};

/**
 * Per-step retry overrides. delete_nic must outlast Azure's 180 s NIC reservation after a failed
 * VM create; the gateway steps wait for the single writer's merged PUT.
 */
export const STEP_RETRY_POLICIES: Partial<Record<StepKey, Partial<RetryPolicy>>> = {
  delete_nic: { maxAttempts: 20, timeBudgetMs: 6 * 60_000 },
  create_vm: { maxAttempts: 6, timeBudgetMs: 15 * 60_000 },
  update_agw: { timeBudgetMs: 20 * 60_000 },
  remove_agw_entries: { timeBudgetMs: 20 * 60_000 },
  verify_cleanup: CLEANUP_RETRY_POLICY,
};

export function stepLabel(key: string): string {
  return key in STEP_LABELS ? STEP_LABELS[key as StepKey] : key.replace(/_/g, " ");
}

const DONE_STATUSES = new Set<StepStatus>(["succeeded", "skipped", "compensated"]);

/** The original API's `progress_percentage`: share of steps finished, rounded down. */
export function progressPercentage(steps: readonly DagNode[], statuses: Readonly<Partial<Record<string, StepStatus>>>): number {
  if (steps.length === 0) return 0;
  const done = steps.filter((step) => DONE_STATUSES.has(statuses[step.key] ?? "pending")).length;
  return Math.floor((done / steps.length) * 100);
}
