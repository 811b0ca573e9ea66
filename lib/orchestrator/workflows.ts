/**
 * The workflows of ARCHITECTURE.md §5, as lists of step definitions (each in its own module under
 * steps/, with key, label, dependencies, retry policy, typed inputs and outputs). Adding a step is
 * its module plus one line here; `workflow()` makes a dependency on a step missing from the list,
 * or a misspelt key, a type error. The keys are the Flask original's, which API clients know.
 */
import type { DagNode } from "./dag";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy";
import type { DeploymentKind, StepStatus } from "@/lib/ledger/status";
import { releaseAddress, verifyCleanup } from "./steps/cleanup";
import { createNic, createVm, getVmPrivateIp, waitVmReady } from "./steps/create-compute";
import { createPeering, createSubnets, createVnet, validateConfig, verifyConnectivity } from "./steps/create-network";
import { removeAgwEntries, updateAgw } from "./steps/gateway-steps";
import { saveToStorage } from "./steps/save-to-storage";
import { deleteNic, deleteOsDisk, deletePeerings, deleteVm, deleteVnet } from "./steps/teardown";
import { resizeVm, setSshKey } from "./steps/update-vm";
import { retryOverrides, type AnyStep } from "./step-types";

/** A step as a workflow runs it: its definition, with `dependsOn` resolved to the keys in this workflow. */
export type WorkflowStep<K extends string = StepKey> = DagNode & {
  readonly key: K;
  readonly dependsOn: readonly string[];
  readonly step: AnyStep;
};

type KeyOf<S> = S extends { readonly key: infer K extends string } ? K : never;
type NeedsOf<S> = S extends { dependsOn: readonly (infer D)[] } ? D : never;
type AfterOf<S> = S extends { after?: readonly (infer A)[] } ? A : never;

/** Every element whose required dependencies are in the list and whose `after` keys exist somewhere; else a readable error type. */
type Checked<L extends readonly AnyStep[], Known extends string> = {
  [I in keyof L]: [NeedsOf<L[I]>] extends [KeyOf<L[number]>]
    ? [AfterOf<L[I]>] extends [Known]
      ? L[I]
      : `${KeyOf<L[I]>} runs after an unknown step`
    : `${KeyOf<L[I]>} depends on ${Exclude<NeedsOf<L[I]>, KeyOf<L[number]>> & string}, which is not in this workflow`;
};

const CREATE_STEPS = [
  validateConfig,
  createVnet,
  createSubnets,
  createNic,
  createVm,
  waitVmReady,
  getVmPrivateIp,
  updateAgw,
  createPeering,
  verifyConnectivity,
  saveToStorage,
] as const;
const TEARDOWN_STEPS = [
  removeAgwEntries,
  deleteVm,
  deleteOsDisk,
  deleteNic,
  deletePeerings,
  deleteVnet,
  verifyCleanup,
  releaseAddress,
] as const;
/**
 * An update re-applies the desired configuration to a spoke that exists: no pre-flight or create_vm
 * (Azure refuses an osProfile change), the VM changed by resize_vm and set_ssh_key instead. Steps
 * whose inputs did not change end `skipped` without touching Azure (step-executor.ts).
 */
const UPDATE_STEPS = [
  createVnet,
  createSubnets,
  createNic,
  resizeVm,
  setSshKey,
  waitVmReady,
  getVmPrivateIp,
  updateAgw,
  createPeering,
  verifyConnectivity,
  saveToStorage,
] as const;

type KnownKey = KeyOf<(typeof CREATE_STEPS | typeof TEARDOWN_STEPS | typeof UPDATE_STEPS)[number]>;

function workflow<const L extends readonly AnyStep[]>(
  steps: L & Checked<L, KnownKey>,
): readonly WorkflowStep<KeyOf<L[number]>>[] {
  const keys = new Set(steps.map((s) => s.key));
  return steps.map((step) => ({
    key: step.key as KeyOf<L[number]>,
    dependsOn: [...step.dependsOn, ...(step.after ?? []).filter((k: string) => keys.has(k))],
    step,
  }));
}

/** Peering and the gateway update run beside the VM, not after it: the first performance lever. */
export const CREATE_WORKFLOW = workflow(CREATE_STEPS);
/**
 * Teardown, and rollback applied to what exists. verify_cleanup also waits for the OS disk,
 * which is a leaf in the ARCHITECTURE.md §5.2 drawing: verifying before it is gone would be a lie.
 */
export const TEARDOWN_WORKFLOW = workflow(TEARDOWN_STEPS);
export const ROLLBACK_WORKFLOW = TEARDOWN_WORKFLOW;
export const UPDATE_WORKFLOW = workflow(UPDATE_STEPS);

export type CreateStepKey = KeyOf<(typeof CREATE_STEPS)[number]>;
export type TeardownStepKey = KeyOf<(typeof TEARDOWN_STEPS)[number]>;
export type UpdateStepKey = KeyOf<(typeof UPDATE_STEPS)[number]>;
export type StepKey = KnownKey;

export const CREATE_STEP_KEYS: readonly CreateStepKey[] = CREATE_WORKFLOW.map((s) => s.key);
export const TEARDOWN_STEP_KEYS: readonly TeardownStepKey[] = TEARDOWN_WORKFLOW.map((s) => s.key);
export const UPDATE_STEP_KEYS: readonly UpdateStepKey[] = UPDATE_WORKFLOW.map((s) => s.key);

export function workflowFor(kind: DeploymentKind): readonly WorkflowStep[] {
  if (kind === "create") return CREATE_WORKFLOW;
  if (kind === "update") return UPDATE_WORKFLOW;
  return TEARDOWN_WORKFLOW;
}

const ALL_STEPS: readonly AnyStep[] = [...CREATE_STEPS, ...TEARDOWN_STEPS, ...UPDATE_STEPS];

export const STEP_LABELS = Object.fromEntries(ALL_STEPS.map((s) => [s.key, s.label])) as Record<StepKey, string>;

/** Per-step retry overrides, from the definitions (ARCHITECTURE.md §6). */
export const STEP_RETRY_POLICIES = Object.fromEntries(ALL_STEPS.map((s) => [s.key, retryOverrides(s)])) as Record<
  StepKey,
  Partial<RetryPolicy>
>;

export function retryPolicyOf(step: AnyStep): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...retryOverrides(step) };
}

export function stepLabel(key: string): string {
  return key in STEP_LABELS ? STEP_LABELS[key as StepKey] : key.replace(/_/g, " ");
}

const DONE_STATUSES = new Set<StepStatus>(["succeeded", "skipped", "compensated"]);

/** The original API's `progress_percentage`: share of steps finished, rounded down. */
export function progressPercentage(
  steps: readonly DagNode[],
  statuses: Readonly<Partial<Record<string, StepStatus>>>,
): number {
  if (steps.length === 0) return 0;
  const done = steps.filter((step) => DONE_STATUSES.has(statuses[step.key] ?? "pending")).length;
  return Math.floor((done / steps.length) * 100);
}
