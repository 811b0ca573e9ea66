/**
 * Runs one deployment to a terminal state (or until this process stops): resume from stored
 * step state, run the workflow's DAG with real concurrency, then record what is true.
 */
import { addLogContext, log } from "@/lib/log";
import type { OrchestratorDeps } from "./deps";
import { runDag, type StatusMap } from "./dag";
import { finishDeployment } from "./finish";
import { DeploymentAborted, executeStep } from "./step-executor";
import { stepsFor } from "./steps";
import type { StepOutputs } from "./step-types";
import type { Tx } from "@/db";
import { admissionCapacity, decideAdmission, needsAdmission, waitingEvent } from "./admission";
import {
  change,
  isCancelRequested,
  loadDeployment,
  setDeployment,
  setSpokeStatus,
  type EventDraft,
  type LoadedDeployment,
} from "@/lib/ledger/store";
import { TERMINAL_DEPLOYMENT_STATUSES } from "@/lib/ledger/status";
import type { DeploymentKind } from "@/lib/ledger/status";
import { workflowFor } from "./workflows";

const CANCEL_POLL_MS = 500;
/** How often a deployment waiting for Azure capacity asks again; one indexed count per waiter. */
const ADMISSION_POLL_MS = 1000;

export async function runDeployment(
  deps: OrchestratorDeps,
  deploymentId: string,
  opts: { signal?: AbortSignal } = {},
): Promise<void> {
  const loaded = await loadDeployment(deps.db, deploymentId);
  if (!loaded) throw new Error(`deployment ${deploymentId} not found`);
  if ((TERMINAL_DEPLOYMENT_STATUSES as readonly string[]).includes(loaded.deployment.status)) return;
  addLogContext({ spoke: loaded.spoke.spokeNumber, kind: loaded.deployment.kind });
  if (!(await markStarted(deps, loaded, opts.signal))) return; // process stopping while it waited: the job resumes elsewhere
  log.info("deployment running", { attempt: loaded.deployment.attempt + 1, worker: deps.workerId });

  const controller = new AbortController();
  const stop = () => controller.abort();
  opts.signal?.addEventListener("abort", stop, { once: true });
  let canceled = false;
  const watcher = setInterval(() => {
    isCancelRequested(deps.db, deploymentId)
      .then((yes) => {
        if (yes && !canceled) {
          canceled = true;
          controller.abort();
        }
      })
      .catch(() => {}); // a failed poll is retried on the next tick
  }, CANCEL_POLL_MS);

  try {
    // Canceled while still queued: nothing to run, straight to the rollback.
    if (await isCancelRequested(deps.db, deploymentId)) {
      canceled = true;
      controller.abort();
    }
    const { statuses, crashes } = canceled
      ? { statuses: {}, crashes: [] }
      : await runWorkflow(deps, loaded, controller.signal);
    if (opts.signal?.aborted && !canceled) return; // process shutting down: the job resumes elsewhere
    // A crash is not a verdict on the deployment (e.g. the database went away): let the queue retry, and resume.
    if (crashes.length)
      throw new AggregateError(crashes, `deployment ${deploymentId}: ${crashes.length} step(s) crashed`);
    await finishDeployment(deps, loaded, statuses, {
      canceled: canceled || (await isCancelRequested(deps.db, deploymentId)),
    });
  } finally {
    clearInterval(watcher);
    opts.signal?.removeEventListener("abort", stop);
  }
}

/**
 * Marks the deployment running, once admission lets it (lib/orchestrator/admission.ts): a queued
 * create or update waits here, in state "waiting for Azure capacity", while the subscription's
 * request budget carries no more concurrent deployments. Returns false when stopped while waiting.
 */
async function markStarted(deps: OrchestratorDeps, loaded: LoadedDeployment, signal?: AbortSignal): Promise<boolean> {
  const { deployment, spoke } = loaded;
  const gated = needsAdmission(loaded);
  const capacity = deps.admissionLimit ?? admissionCapacity();
  for (;;) {
    if (signal?.aborted) return false;
    // A cancel while waiting goes straight to its rollback, which costs Azure nothing for a create never started.
    const bypass = !gated || (await isCancelRequested(deps.db, deployment.id));
    const started = await change(deps.db, spoke.id, deployment.id, async (tx) => {
      const admission = bypass ? ({ admitted: true } as const) : await decideAdmission(tx, deployment.id, capacity);
      if (!admission.admitted)
        return {
          events: admission.firstWait ? [waitingEvent(loaded, admission.position, capacity)] : [],
          result: false,
        };
      return { events: await startTx(tx, deps, loaded), result: true };
    });
    if (started) return true;
    await sleep(deps.admissionPollMs ?? ADMISSION_POLL_MS, signal);
  }
}

async function startTx(tx: Tx, deps: OrchestratorDeps, loaded: LoadedDeployment): Promise<EventDraft[]> {
  const { deployment, spoke } = loaded;
  const resumed = deployment.status === "running" || deployment.attempt > 0;
  const spokeStatus =
    deployment.kind === "create" || deployment.kind === "update"
      ? "in_progress"
      : deployment.kind === "rollback"
        ? "rolling_back"
        : "deleting";
  await setDeployment(tx, deployment.id, {
    status: "running",
    attempt: deployment.attempt + 1,
    startedAt: deployment.startedAt ?? new Date(),
    leaseOwner: deps.workerId,
    waitingSince: null,
  });
  await setSpokeStatus(tx, spoke.id, spokeStatus);
  return [
    resumed
      ? {
          type: "deployment.resumed",
          message: `Resuming the ${deployment.kind} (attempt ${deployment.attempt + 1}) on ${deps.workerId}`,
        }
      : {
          type: "deployment.started",
          message: `Starting the ${deployment.kind} of spoke ${spoke.spokeNumber}`,
          data: { kind: deployment.kind },
        },
  ];
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

async function runWorkflow(
  deps: OrchestratorDeps,
  loaded: LoadedDeployment,
  signal: AbortSignal,
): Promise<{ statuses: StatusMap; crashes: unknown[] }> {
  const crashes: unknown[] = [];
  const definitions = stepsFor(loaded.deployment.kind);
  const outputs = new Map<string, StepOutputs>();
  const initialStatuses: StatusMap = {};
  for (const [key, row] of loaded.steps) {
    if (row.status === "succeeded" || row.status === "skipped") {
      initialStatuses[key] = row.status;
      outputs.set(key, (row.outputs ?? {}) as StepOutputs);
    }
  }
  let queue = Promise.resolve();
  const exec = (key: string) => {
    const step = definitions.get(key);
    if (!step) throw new Error(`no definition for step ${key}`);
    return executeStep({ deps, loaded, step, outputs, signal });
  };
  const statuses = await runDag(workflowFor(loaded.deployment.kind as DeploymentKind), {
    initialStatuses,
    signal,
    executeStep: (node) => {
      if (!deps.sequential) return exec(node.key);
      // Benchmark mode: one step at a time, as the original ran them.
      const run = queue.then(() => exec(node.key));
      queue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    onStepError: (node, err) => {
      if (err instanceof DeploymentAborted) return;
      crashes.push(err);
      log.error("step crashed", { deploymentId: loaded.deployment.id, step: node.key, err: String(err) });
    },
  });
  return { statuses, crashes };
}
