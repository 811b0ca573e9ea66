import type { LroOptions } from "@/lib/azure/types";
import type { OrchestratorDeps } from "./deps";
import type { RetryPolicy } from "./retry-policy";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import type { DeploymentRow, SpokeRow } from "@/lib/ledger/store";
import type { StepKey } from "./workflows";

export type StepOutputs = Record<string, unknown>;

export interface StepContext {
  deps: OrchestratorDeps;
  deployment: DeploymentRow;
  spoke: SpokeRow;
  config: SpokeConfig;
  attempt: number;
  signal: AbortSignal;
  /** Options for every Azure call of this step (abort + poll interval). */
  lro: LroOptions;
  /** Outputs of a step of this deployment that succeeded (dependencies always have). */
  outputsOf(key: StepKey): StepOutputs | undefined;
  /** Wait, scaled by the deployment's time scale, aborting with the deployment. */
  sleep(ms: number): Promise<void>;
}

export interface StepDefinition {
  key: StepKey;
  run(ctx: StepContext): Promise<StepOutputs>;
  policy?: Partial<RetryPolicy>;
  /** Teardown steps treat "still in use" answers as transient (ARCHITECTURE.md §6). */
  teardown?: boolean;
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
