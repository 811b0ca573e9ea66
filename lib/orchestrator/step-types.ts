/**
 * One definition per step (ARCHITECTURE.md "Adding a step"): key, label, dependencies, retry
 * policy, typed inputs (exactly what `inputs_hash` covers) and typed outputs, in the step's own
 * module via `defineStep`. Workflows (workflows.ts) are lists of these definitions.
 */
import type { LroOptions } from "@/lib/azure/types";
import type { OrchestratorDeps } from "./deps";
import type { RetryPolicy } from "./retry-policy";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import type { DeploymentRow, SpokeRow } from "@/lib/ledger/store";

export type StepOutputs = Record<string, unknown>;

export interface StepContext {
  deps: OrchestratorDeps;
  deployment: DeploymentRow;
  spoke: SpokeRow;
  /** The configuration this deployment applies (an update's target configuration). */
  config: SpokeConfig;
  attempt: number;
  signal: AbortSignal;
  /** Options for every Azure call of this step (abort + poll interval). */
  lro: LroOptions;
  /**
   * Typed outputs of a step of this deployment that succeeded, or of its last run when it was
   * skipped as unchanged. Undefined when that step is not part of this deployment's workflow.
   */
  outputsOf<S extends AnyStep>(step: S): OutputsOf<S> | undefined;
  /** Wait, scaled by the deployment's time scale, aborting with the deployment. */
  sleep(ms: number): Promise<void>;
}

/**
 * A step. `K` is its key, `I` its inputs (derived from the desired configuration only, hashed into
 * `inputs_hash`; an update skips the step when they did not change), `O` its outputs, `D` the keys
 * it needs in the same workflow, `A` keys it runs after when they are in the workflow.
 */
export interface StepDefinition<
  K extends string = string,
  I = unknown,
  O extends StepOutputs = StepOutputs,
  D extends string = string,
  A extends string = string,
> {
  readonly key: K;
  readonly label: string;
  /** Steps that must be in the same workflow and succeed (or be skipped) first: `workflow()` checks it. */
  readonly dependsOn: readonly D[];
  /** Ordering only: run after these when the workflow has them (e.g. create_vm in create, resize_vm in update). */
  readonly after?: readonly A[];
  /** "default" or the overrides of DEFAULT_RETRY_POLICY (retry-policy.ts). Required: a step says which. */
  readonly retry: "default" | Partial<RetryPolicy>;
  /** Teardown steps treat "still in use" answers as transient (ARCHITECTURE.md §6). */
  readonly teardown?: boolean;
  /** Exactly what the step's `inputs_hash` covers; `run` receives it. */
  inputs(config: SpokeConfig): I;
  run(ctx: StepContext, inputs: I): Promise<O>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the erased form every workflow list holds
export type AnyStep = StepDefinition<string, any, any, string, string>;
export type OutputsOf<S> = S extends StepDefinition<string, infer _I, infer O, string, string> ? O : never;
export type InputsOf<S> = S extends StepDefinition<string, infer I, StepOutputs, string, string> ? I : never;

/** Identity at run time; at compile time it fixes the literal key and dependency keys. */
export function defineStep<
  const K extends string,
  I,
  O extends StepOutputs,
  const D extends string = never,
  const A extends string = never,
>(def: StepDefinition<K, I, O, D, A>): StepDefinition<K, I, O, D, A> {
  return def;
}

/** The retry overrides of a step (empty for "default"). */
export function retryOverrides(step: AnyStep): Partial<RetryPolicy> {
  return step.retry === "default" ? {} : step.retry;
}

/** A step's own condition not met yet (peering not Connected, VM not running): retried like a transient Azure error. */
export class NotReadyError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "NotReadyError";
    this.code = code;
  }
}

/** A step's verdict that retrying cannot change (e.g. a pre-flight check failed). */
export class StepFailure extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = "StepFailure";
    this.code = code;
    this.details = details;
  }
}
