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
import { change, isCancelRequested, loadDeployment, setDeployment, setSpokeStatus, type LoadedDeployment } from "./store";
import { TERMINAL_DEPLOYMENT_STATUSES } from "./status";
import type { DeploymentKind } from "./status";
import { workflowFor } from "./workflows";

const CANCEL_POLL_MS = 500;

export async function runDeployment(deps: OrchestratorDeps, deploymentId: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const loaded = await loadDeployment(deps.db, deploymentId);
  if (!loaded) throw new Error(`deployment ${deploymentId} not found`);
  if ((TERMINAL_DEPLOYMENT_STATUSES as readonly string[]).includes(loaded.deployment.status)) return;
  addLogContext({ spoke: loaded.spoke.spokeNumber, kind: loaded.deployment.kind });
  await markStarted(deps, loaded);
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
    const { statuses, crashes } = canceled ? { statuses: {}, crashes: [] } : await runWorkflow(deps, loaded, controller.signal);
    if (opts.signal?.aborted && !canceled) return; // process shutting down: the job resumes elsewhere
    // A crash is not a verdict on the deployment (e.g. the database went away): let the queue retry, and resume.
    if (crashes.length) throw new AggregateError(crashes, `deployment ${deploymentId}: ${crashes.length} step(s) crashed`);
    await finishDeployment(deps, loaded, statuses, { canceled: canceled || (await isCancelRequested(deps.db, deploymentId)) });
  } finally {
    clearInterval(watcher);
    opts.signal?.removeEventListener("abort", stop);
  }
}

async function markStarted(deps: OrchestratorDeps, loaded: LoadedDeployment) {
  const { deployment, spoke } = loaded;
  const resumed = deployment.status === "running" || deployment.attempt > 0;
  const spokeStatus = deployment.kind === "create" || deployment.kind === "update" ? "in_progress" : deployment.kind === "rollback" ? "rolling_back" : "deleting";
  await change(deps.db, spoke.id, deployment.id, async (tx) => {
    await setDeployment(tx, deployment.id, { status: "running", attempt: deployment.attempt + 1, startedAt: deployment.startedAt ?? new Date(), leaseOwner: deps.workerId });
    await setSpokeStatus(tx, spoke.id, spokeStatus);
    return {
      events: [
        resumed
          ? { type: "deployment.resumed", message: `Resuming the ${deployment.kind} (attempt ${deployment.attempt + 1}) on ${deps.workerId}` }
          : { type: "deployment.started", message: `Starting the ${deployment.kind} of spoke ${spoke.spokeNumber}`, data: { kind: deployment.kind } },
      ],
    };
  });
}

async function runWorkflow(deps: OrchestratorDeps, loaded: LoadedDeployment, signal: AbortSignal): Promise<{ statuses: StatusMap; crashes: unknown[] }> {
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
      queue = run.then(() => undefined, () => undefined);
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
