/**
 * The job worker of one process: runs deployments and gateway reconciles from the queue, and at
 * start re-enqueues deployments left unfinished with no live job (a crashed process's work).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbHandle } from "@/db";
import { gatewayState } from "@/db/schema";
import type { AzureGateway } from "@/lib/azure/types";
import { log, withLogContext } from "@/lib/log";
import { addQueueDepthReader } from "@/lib/metrics/registry";
import { deliverWebhook, type DeliveryOptions } from "@/lib/webhooks/deliver";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import type { StatusMap } from "./dag";
import type { OrchestratorDeps } from "./deps";
import { finishDeployment } from "./finish";
import { reconcileGateway } from "./gateway/reconciler";
import { startQueue, type DeploymentJobContext, type DeploymentQueue, type QueueOptions } from "./queue";
import { runDeployment } from "./runner";
import { change, loadDeployment, unfinishedDeployments, upsertStep } from "@/lib/ledger/store";

export interface WorkerOptions {
  handle: DbHandle;
  azure: AzureGateway;
  enableRollback: boolean;
  timeScale: number;
  pollIntervalMs?: number;
  concurrency?: number;
  queue?: QueueOptions;
  workerId?: string;
  sequential?: boolean;
  /** See OrchestratorDeps.admissionLimit. */
  admissionLimit?: number;
  admissionPollMs?: number;
  /** Only enqueue (web-only instances of a multi-process deployment); no handlers. */
  enqueueOnly?: boolean;
  /**
   * How often the running worker repeats the start-up sweep. Default: the queue's dead-job
   * detection time (heartbeat + supervise interval, 45 s with the defaults).
   */
  sweepIntervalMs?: number;
  /** Webhook delivery: target policy and timeout (WEBHOOK_* settings). Default: private targets refused. */
  webhooks?: DeliveryOptions;
  /** false: this worker does not deliver webhooks (tests that need none skip the extra polling). Default true. */
  deliverWebhooks?: boolean;
  /** See OrchestratorDeps.afterUpdate (lib/runtime: a drift check of the spoke). */
  afterUpdate?(spokeId: string): Promise<void>;
}

export interface Worker {
  deps: OrchestratorDeps;
  queue: DeploymentQueue;
  stop(opts?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export async function startWorker(opts: WorkerOptions): Promise<Worker> {
  const queue = await startQueue(opts.handle, {
    onError: (err) => log.error("queue error", { err: String(err) }),
    ...opts.queue,
  });
  const deps: OrchestratorDeps = {
    db: opts.handle.db,
    azure: opts.azure,
    enqueueDeployment: async (deploymentId, spokeId) => void (await queue.enqueueDeployment({ deploymentId, spokeId })),
    enqueueGatewayReconcile: async (hub) => void (await queue.enqueueGatewayReconcile(hub)),
    enableRollback: opts.enableRollback,
    pollIntervalMs: opts.pollIntervalMs,
    timeScale: opts.timeScale,
    workerId: opts.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`,
    sequential: opts.sequential,
    emitWebhook: async (type, data) => void (await emitWebhookEvent(opts.handle.db, queue.enqueueWebhook, type, data)),
    admissionLimit: opts.admissionLimit,
    admissionPollMs: opts.admissionPollMs,
    afterUpdate: opts.afterUpdate,
  };
  const webhookOptions: DeliveryOptions = opts.webhooks ?? { allowPrivate: false };
  const removeDepthReader = addQueueDepthReader(() => queue.depth());
  if (!opts.enqueueOnly) {
    await queue.work(
      {
        deployment: (job) => handleDeploymentJob(deps, job),
        gatewayReconcile: async (job) => void (await reconcileGateway(deps, job.hub)),
        webhookDelivery:
          opts.deliverWebhooks === false
            ? undefined
            : (job) =>
                withLogContext({ deliveryId: job.deliveryId, traceId: job.jobId }, () =>
                  deliverWebhook(deps.db, job, webhookOptions),
                ),
      },
      { concurrency: opts.concurrency },
    );
    await sweep(deps, queue);
  }
  // Not only at start-up: a job whose process died on its LAST engine attempt is failed by the
  // supervisor with nobody left to record it, and its deployment would stay "running" for good
  // unless some process starts again (found by npm run chaos). Re-enqueue such orphans while running.
  const every =
    opts.sweepIntervalMs ??
    ((opts.queue?.heartbeatSeconds ?? 30) + (opts.queue?.superviseIntervalSeconds ?? 15)) * 1000;
  const timer = opts.enqueueOnly
    ? undefined
    : setInterval(() => {
        sweep(deps, queue).catch((err: unknown) => log.warn("periodic sweep failed", { err: String(err) }));
      }, every);
  timer?.unref();
  return {
    deps,
    queue,
    stop: (o) => {
      if (timer) clearInterval(timer);
      removeDepthReader();
      return queue.stop(o);
    },
  };
}

/** Every log line of the run carries the deployment, its spoke and a trace id (the queue job's id). */
function handleDeploymentJob(deps: OrchestratorDeps, job: DeploymentJobContext) {
  return withLogContext({ deploymentId: job.deploymentId, spokeId: job.spokeId, traceId: job.jobId }, () =>
    runDeploymentJob(deps, job),
  );
}

async function runDeploymentJob(deps: OrchestratorDeps, job: DeploymentJobContext) {
  try {
    await runDeployment(deps, job.deploymentId, { signal: job.signal });
  } catch (err) {
    log.error("deployment job failed", {
      deploymentId: job.deploymentId,
      attempt: job.attempt,
      final: job.isFinalAttempt,
      err: String(err),
    });
    if (job.isFinalAttempt) await failAfterCrashes(deps, job.deploymentId, err);
    throw err;
  }
}

/** The engine gives up on the job: say so on the deployment instead of leaving it "running" forever. */
async function failAfterCrashes(deps: OrchestratorDeps, deploymentId: string, err: unknown) {
  const loaded = await loadDeployment(deps.db, deploymentId);
  if (!loaded || !["queued", "running"].includes(loaded.deployment.status)) return;
  const statuses: StatusMap = {};
  for (const [key, row] of loaded.steps)
    statuses[key] = row.status === "running" ? "failed" : (row.status as StatusMap[string]);
  await change(deps.db, loaded.spoke.id, deploymentId, async (tx) => {
    for (const [key, row] of loaded.steps) {
      if (row.status === "running")
        await upsertStep(tx, deploymentId, key, {
          status: "failed",
          finishedAt: new Date(),
          errorCode: "WorkerError",
          errorClass: "permanent",
          errorMessage: String(err).slice(0, 500),
        });
    }
    return { events: [] };
  });
  await finishDeployment(deps, { ...loaded, steps: new Map() }, statuses, { canceled: false });
}

/** Deployments left queued/running with no job anywhere (their process died), and stale gateways. */
export async function sweep(deps: OrchestratorDeps, queue: DeploymentQueue): Promise<number> {
  const live = await queue.liveDeploymentIds();
  const orphans = (await unfinishedDeployments(deps.db)).filter((d) => !live.has(d.id));
  for (const d of orphans) await deps.enqueueDeployment(d.id, d.spokeId);
  const behind = await deps.db
    .select({ hub: gatewayState.hub })
    .from(gatewayState)
    .where(sql`${gatewayState.appliedGeneration} < ${gatewayState.desiredGeneration}`);
  for (const g of behind) await deps.enqueueGatewayReconcile(g.hub);
  if (orphans.length) log.info("re-enqueued unfinished deployments", { count: orphans.length });
  return orphans.length;
}
