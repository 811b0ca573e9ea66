/**
 * One step, to its end: attempts with classified retries (ARCHITECTURE.md §6), each attempt's start,
 * retry, success or failure persisted with its event. Returns the DAG outcome.
 */
import { withArmPriority, type ArmPriority } from "@/lib/azure/priority";
import { metrics } from "@/lib/metrics/registry";
import { classifyError, type ClassifiedError } from "./classify";
import { decideRetry } from "./retry-policy";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import {
  NotReadyError,
  retryOverrides,
  StepFailure,
  type AnyStep,
  type StepContext,
  type StepOutputs,
} from "./step-types";
import { change, upsertStep, type LoadedDeployment } from "@/lib/ledger/store";
import type { OrchestratorDeps } from "./deps";
import { log } from "@/lib/log";
import { inputsHash as hashInputs, isForced, previousOutputs, updateParamsOf } from "./update-params";

export class DeploymentAborted extends Error {
  constructor() {
    super("The deployment was stopped");
    this.name = "DeploymentAborted";
  }
}

/** Steps that check something already made has converged finish work rather than start it. */
const CONVERGENCE_STEPS = new Set(["wait_vm_ready", "verify_connectivity", "save_to_storage"]);

/** Rollback and teardown free resources, convergence checks finish a create: both go first for ARM budget. */
export function armPriorityOf(loaded: LoadedDeployment, step: AnyStep): ArmPriority {
  if (loaded.deployment.kind !== "create" && loaded.deployment.kind !== "update") return "finish";
  return step.teardown || CONVERGENCE_STEPS.has(step.key) ? "finish" : "start";
}

export function classifyStepError(err: unknown, step: AnyStep): ClassifiedError {
  if (err instanceof NotReadyError) return { class: "transient", code: err.code, message: err.message };
  if (err instanceof StepFailure) return { class: "permanent", code: err.code, message: err.message };
  return classifyError(err, { duringTeardown: step.teardown });
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new DeploymentAborted());
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DeploymentAborted());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export interface ExecuteArgs {
  deps: OrchestratorDeps;
  loaded: LoadedDeployment;
  step: AnyStep;
  outputs: Map<string, StepOutputs>;
  signal: AbortSignal;
}

/** The configuration a deployment applies: an update's target, else the spoke's desired configuration. */
export function configOf(loaded: LoadedDeployment): SpokeConfig {
  return updateParamsOf(loaded.deployment)?.targetConfig ?? loaded.config;
}

/**
 * An update's step whose inputs are the same as the spoke's previous configuration gave it, and
 * not forced, ends `skipped` without touching Azure; it hands on the outputs of its last run.
 */
async function skipIfUnchanged(
  deps: OrchestratorDeps,
  loaded: LoadedDeployment,
  step: AnyStep,
  outputs: Map<string, StepOutputs>,
  inputsHash: string,
): Promise<boolean> {
  const params = updateParamsOf(loaded.deployment);
  if (!params || isForced(params, step.key) || hashInputs(step, params.previousConfig) !== inputsHash) return false;
  const { deployment, spoke } = loaded;
  const carried = (await previousOutputs(deps.db, spoke.id, deployment.id, step.key)) ?? {};
  outputs.set(step.key, carried);
  await change(deps.db, spoke.id, deployment.id, async (tx) => {
    const now = new Date();
    await upsertStep(tx, deployment.id, step.key, {
      status: "skipped",
      attempts: 0,
      startedAt: now,
      finishedAt: now,
      inputsHash,
      outputs: carried,
      errorCode: null,
      errorClass: null,
      errorMessage: null,
    });
    return {
      events: [
        {
          type: "step.skipped",
          step: step.key,
          message: `${step.label}: unchanged, skipped`,
          data: { reason: "unchanged", inputsHash },
        },
      ],
    };
  });
  return true;
}

export async function executeStep({
  deps,
  loaded,
  step,
  outputs,
  signal,
}: ExecuteArgs): Promise<"succeeded" | "failed" | "skipped"> {
  const { deployment, spoke } = loaded;
  const previous = loaded.steps.get(step.key);
  let attempt = previous?.attempts ?? 0;
  const firstStarted = Date.now();
  // Time spent waiting out Azure's throttling is not the step's: it costs no attempt or budget.
  let throttledMs = 0;
  let repeatAttempt = false;
  const config = configOf(loaded);
  const inputs: unknown = step.inputs(config);
  const inputsHash = hashInputs(step, config);
  if (await skipIfUnchanged(deps, loaded, step, outputs, inputsHash)) return "skipped";
  const policy = retryOverrides(step);
  const label = step.label;
  for (;;) {
    if (signal.aborted) throw new DeploymentAborted();
    if (!repeatAttempt) attempt += 1;
    repeatAttempt = false;
    await change(deps.db, spoke.id, deployment.id, async (tx) => {
      await upsertStep(tx, deployment.id, step.key, {
        status: "running",
        attempts: attempt,
        startedAt: previous?.startedAt ?? new Date(),
        finishedAt: null,
        inputsHash,
      });
      return {
        events: [
          {
            type: "step.started",
            step: step.key,
            attempt,
            message: `${label}${attempt > 1 ? ` (attempt ${attempt})` : ""}`,
          },
        ],
      };
    });
    const ctx = stepContext(deps, loaded, config, outputs, attempt, signal);
    try {
      const out = await withArmPriority(armPriorityOf(loaded, step), () => step.run(ctx, inputs));
      outputs.set(step.key, out);
      await change(deps.db, spoke.id, deployment.id, async (tx) => {
        await upsertStep(tx, deployment.id, step.key, {
          status: "succeeded",
          outputs: out,
          finishedAt: new Date(),
          errorCode: null,
          errorClass: null,
          errorMessage: null,
        });
        return {
          events: [
            { type: "step.succeeded", step: step.key, attempt, message: `${label}: done`, data: { outputs: out } },
          ],
        };
      });
      metrics().stepDuration.observe({ step: step.key, outcome: "succeeded" }, (Date.now() - firstStarted) / 1000);
      return "succeeded";
    } catch (err) {
      if (signal.aborted) throw new DeploymentAborted();
      const error = classifyStepError(err, step);
      const decision = decideRetry({
        error,
        attempt,
        elapsedMs: Date.now() - firstStarted - throttledMs,
        policy,
        scale: deps.timeScale,
      });
      const eventError = { code: error.code, class: error.class, message: error.message };
      if (decision.retry) {
        log.info("step retrying", { step: step.key, attempt, code: error.code, delayMs: decision.delayMs });
        await change(deps.db, spoke.id, deployment.id, async (tx) => {
          await upsertStep(tx, deployment.id, step.key, {
            errorCode: error.code,
            errorClass: error.class,
            errorMessage: error.message,
          });
          return {
            events: [retryEvent(step.key, label, attempt, error, decision.delayMs, decision.reason === "throttled")],
          };
        });
        const waitStarted = Date.now();
        await abortableSleep(decision.delayMs, signal);
        if (decision.reason === "throttled") {
          throttledMs += Date.now() - waitStarted;
          repeatAttempt = true;
        }
        continue;
      }
      await change(deps.db, spoke.id, deployment.id, async (tx) => {
        await upsertStep(tx, deployment.id, step.key, {
          status: "failed",
          finishedAt: new Date(),
          errorCode: error.code,
          errorClass: error.class,
          errorMessage: error.message,
        });
        return {
          events: [
            {
              type: "step.failed",
              step: step.key,
              attempt,
              level: "error",
              message: `${label} failed: ${error.code}: ${error.message}`,
              data: { error: eventError, reason: decision.reason },
            },
          ],
        };
      });
      metrics().stepDuration.observe({ step: step.key, outcome: "failed" }, (Date.now() - firstStarted) / 1000);
      log.warn("step failed", {
        step: step.key,
        attempt,
        code: error.code,
        class: error.class,
        message: error.message,
      });
      return "failed";
    }
  }
}

function retryEvent(
  key: string,
  label: string,
  attempt: number,
  error: ClassifiedError,
  delayMs: number,
  throttled: boolean,
) {
  const eventError = { code: error.code, class: error.class, message: error.message };
  const seconds = (delayMs / 1000).toFixed(1);
  const message = throttled
    ? `${label}: Azure asked us to wait (${error.code}); trying again in ${seconds} s`
    : `${label}: ${error.code}, retrying in ${seconds} s`;
  return {
    type: "step.retrying" as const,
    step: key,
    attempt,
    level: "warn" as const,
    message,
    data: { error: eventError, delayMs, nextAttempt: throttled ? attempt : attempt + 1, throttled },
  };
}

function stepContext(
  deps: OrchestratorDeps,
  loaded: LoadedDeployment,
  config: SpokeConfig,
  outputs: Map<string, StepOutputs>,
  attempt: number,
  signal: AbortSignal,
): StepContext {
  return {
    deps,
    deployment: loaded.deployment,
    spoke: loaded.spoke,
    config,
    attempt,
    signal,
    lro: { signal, pollIntervalMs: deps.pollIntervalMs },
    // safe because each map entry holds what that step's own run returned (or its last run's, when skipped)
    outputsOf: (step) => outputs.get(step.key) as never,
    sleep: (ms) => abortableSleep(Math.max(1, Math.round(ms * deps.timeScale)), signal),
  };
}
