/**
 * The deployment job queue (ARCHITECTURE.md §9) on pg-boss 12, over PGlite (`fromPglite`, ARCHITECTURE.md G19)
 * or the real server. Framework-free: started from instrumentation.ts or a plain worker process.
 *
 * - `deployments`, policy `singleton` keyed by spoke: any number queued, at most ONE active per
 *   spoke (a partial unique index on active jobs enforces it in the database, across processes).
 *   A plain singletonKey does not do this (G21).
 * - `gateway-reconcile`, policy `stately` keyed by hub: at most one queued and one active per hub;
 *   a send while one is queued is dropped, because that queued run will read every change anyway.
 *
 * Crash recovery: jobs carry heartbeats. A live worker refreshes a job every heartbeatSeconds / 2;
 * the supervisor fails a job whose heartbeat is older than heartbeatSeconds, and pg-boss retries it.
 * A dead worker's job is therefore retried within heartbeatSeconds + superviseIntervalSeconds
 * (+ the retry delay): about 30 + 15 + 5 s with the defaults, however long deployments run.
 * expireInSeconds stays as a hard cap for a live but wedged handler.
 */
import { fromPglite, PgBoss, type ConstructorOptions, type JobWithMetadata } from "pg-boss";
import type { DbHandle } from "@/db/client";
import { log } from "@/lib/log";

export const DEPLOYMENTS_QUEUE = "deployments";
export const GATEWAY_RECONCILE_QUEUE = "gateway-reconcile";
/** Outbound webhook deliveries (lib/webhooks): one job per delivery, retried with backoff. */
export const WEBHOOK_QUEUE = "webhook-delivery";
const BOSS_SCHEMA = "pgboss";

export interface DeploymentJob {
  deploymentId: string;
  spokeId: string;
}

export interface GatewayReconcileJob {
  hub: string;
}

interface JobContext {
  jobId: string;
  /** 0 on the first run; each retry (after a throw or a lost heartbeat) adds one. */
  attempt: number;
  retryLimit: number;
  /** The engine will not run this job again if this attempt throws: record the failure now. */
  isFinalAttempt: boolean;
  /** Aborted when pg-boss takes the job back (stop(), or its claim was lost): stop working. */
  signal: AbortSignal;
}
export type DeploymentJobContext = DeploymentJob & JobContext;
export type GatewayReconcileContext = GatewayReconcileJob & JobContext;

export interface WebhookJob {
  deliveryId: string;
}
export type WebhookJobContext = WebhookJob & JobContext;

export interface QueueHandlers {
  deployment(job: DeploymentJobContext): Promise<void>;
  gatewayReconcile(job: GatewayReconcileContext): Promise<void>;
  /** Absent: this process does not deliver webhooks (another one does). */
  webhookDelivery?(job: WebhookJobContext): Promise<void>;
}

export interface WorkOptions {
  /** Deployment jobs this process runs at once (different spokes). Default 8. */
  concurrency?: number;
  /** Gateway reconcilers at once (different hubs). Default 2. */
  gatewayConcurrency?: number;
}

export interface QueueOptions {
  onError?: (err: unknown) => void;
  /** A job unheard-of for this long counts as dead and is retried. pg-boss minimum 10. Default 30. */
  heartbeatSeconds?: number;
  /** How often the supervisor looks for dead jobs. Default 15. */
  superviseIntervalSeconds?: number;
  /** Hard cap on one attempt, even with heartbeats. Default 3 h. */
  expireInSeconds?: number;
  /** Engine-level retries of a deployment job (crashes, unexpected throws). Default 5. */
  retryLimit?: number;
  /** First retry delay; doubles with jitter up to 2 minutes. Default 5. */
  retryDelaySeconds?: number;
  /** Backstop poll; NOTIFY normally wakes workers at once (G20). Default 1. */
  pollingIntervalSeconds?: number;
  /** Webhook delivery attempts after the first. Default 5. */
  webhookRetryLimit?: number;
  /** Base of the webhook retry backoff (first retry after 1–2 × this, then doubling, at most 10 minutes). Default 10. */
  webhookRetryDelaySeconds?: number;
}

export interface DeploymentQueue {
  /** Queues a run of a deployment; returns the job id. Returns at once, the work happens later. */
  enqueueDeployment(job: DeploymentJob): Promise<string>;
  /** Asks for a reconcile of a hub's gateway; null when one is already queued (it will cover this). */
  enqueueGatewayReconcile(hub: string): Promise<string | null>;
  work(handlers: QueueHandlers, opts?: WorkOptions): Promise<void>;
  /** Queues one webhook delivery (its row already exists). */
  enqueueWebhook(deliveryId: string): Promise<string>;
  /** Jobs waiting to run (queued, or waiting to retry) per queue, read now. */
  depth(): Promise<Record<string, number>>;
  /** Whether a deployment has a queued, retrying or running job, in any process. */
  hasLiveJob(deploymentId: string): Promise<boolean>;
  /** Every deployment id with a queued, retrying or running job — for the start-up sweep. */
  liveDeploymentIds(): Promise<Set<string>>;
  /** graceful: let running handlers finish for up to timeoutMs; their jobs are retried otherwise. */
  stop(opts?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

const LIVE_STATES = ["created", "retry", "active"] as const;
// Inlined constants: array parameters are encoded differently by the two drivers.
const LIVE_STATES_SQL = LIVE_STATES.map((s) => `'${s}'`).join(", ");

function bossOptions(handle: DbHandle, o: Required<Omit<QueueOptions, "onError">>): ConstructorOptions {
  const common: ConstructorOptions = {
    schema: BOSS_SCHEMA,
    useListenNotify: true,
    superviseIntervalSeconds: o.superviseIntervalSeconds,
    // Dead-job detection runs in the monitor pass, which is claimed per queue at this interval.
    monitorIntervalSeconds: o.superviseIntervalSeconds,
    instanceName: "hsc-worker",
  };
  if (handle.driver === "pglite") {
    if (!handle.pglite) throw new Error("PGlite handle without its instance");
    return { ...common, db: fromPglite(handle.pglite), backend: "pglite" };
  }
  if (!handle.connectionString) throw new Error("Postgres handle without a connection string");
  return { ...common, connectionString: handle.connectionString, max: 4, application_name: "hsc-queue" };
}

function withDefaults(opts: QueueOptions): Required<Omit<QueueOptions, "onError">> {
  return {
    heartbeatSeconds: opts.heartbeatSeconds ?? 30,
    superviseIntervalSeconds: opts.superviseIntervalSeconds ?? 15,
    expireInSeconds: opts.expireInSeconds ?? 3 * 60 * 60,
    retryLimit: opts.retryLimit ?? 5,
    retryDelaySeconds: opts.retryDelaySeconds ?? 5,
    pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1,
    webhookRetryLimit: opts.webhookRetryLimit ?? 5,
    webhookRetryDelaySeconds: opts.webhookRetryDelaySeconds ?? 10,
  };
}

async function ensureQueues(boss: PgBoss, o: Required<Omit<QueueOptions, "onError">>): Promise<void> {
  const shared = {
    notify: true,
    heartbeatSeconds: o.heartbeatSeconds,
    expireInSeconds: o.expireInSeconds,
    retryDelay: o.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: 120,
  };
  const queues = [
    { name: DEPLOYMENTS_QUEUE, policy: "singleton", options: { ...shared, retryLimit: o.retryLimit } },
    // A reconcile is idempotent (read desired state, PUT), so it may retry longer.
    { name: GATEWAY_RECONCILE_QUEUE, policy: "stately", options: { ...shared, retryLimit: 10 } },
    // A receiver that is down gets exponentially spaced attempts (pg-boss retryBackoff).
    {
      name: WEBHOOK_QUEUE,
      policy: "standard",
      options: {
        ...shared,
        expireInSeconds: 120,
        retryLimit: o.webhookRetryLimit,
        retryDelay: o.webhookRetryDelaySeconds,
        retryDelayMax: 600,
      },
    },
  ] as const;
  for (const q of queues) {
    await boss.createQueue(q.name, { policy: q.policy, ...q.options });
    const existing = await boss.getQueue(q.name);
    if (existing?.policy !== q.policy) {
      throw new Error(`queue ${q.name} exists with policy ${existing?.policy}, expected ${q.policy}`);
    }
    // createQueue leaves an existing queue alone; bring its options up to date.
    await boss.updateQueue(q.name, q.options);
  }
}

function context(job: JobWithMetadata<unknown>): JobContext {
  return {
    jobId: job.id,
    attempt: job.retryCount,
    retryLimit: job.retryLimit,
    isFinalAttempt: job.retryCount >= job.retryLimit,
    signal: job.signal,
  };
}

export async function startQueue(handle: DbHandle, opts: QueueOptions = {}): Promise<DeploymentQueue> {
  const o = withDefaults(opts);
  const onError = opts.onError ?? ((err: unknown) => log.error("job queue error", { err: String(err) }));
  const boss = new PgBoss(bossOptions(handle, o));
  // An 'error' event without a listener would crash the process.
  boss.on("error", onError);
  await boss.start();
  await ensureQueues(boss, o);
  const polling = {
    pollingIntervalSeconds: o.pollingIntervalSeconds,
    notifyPollingIntervalSeconds: o.pollingIntervalSeconds,
  };

  return {
    async enqueueDeployment(job) {
      const id = await boss.send(
        DEPLOYMENTS_QUEUE,
        { deploymentId: job.deploymentId, spokeId: job.spokeId },
        {
          singletonKey: job.spokeId,
        },
      );
      // A singleton queue only limits active jobs, so a send is never refused.
      if (!id) throw new Error(`deployment ${job.deploymentId} was not queued`);
      return id;
    },
    enqueueGatewayReconcile: (hub) => boss.send(GATEWAY_RECONCILE_QUEUE, { hub }, { singletonKey: hub }),
    async enqueueWebhook(deliveryId) {
      const id = await boss.send(WEBHOOK_QUEUE, { deliveryId });
      if (!id) throw new Error(`webhook delivery ${deliveryId} was not queued`);
      return id;
    },
    async depth() {
      const { rows } = await boss
        .getDb()
        .executeSql(
          `select name, count(*)::int as n from ${BOSS_SCHEMA}.job where state in ('created', 'retry') group by name`,
          [],
        );
      const out: Record<string, number> = { [DEPLOYMENTS_QUEUE]: 0, [GATEWAY_RECONCILE_QUEUE]: 0, [WEBHOOK_QUEUE]: 0 };
      for (const r of rows as { name: string; n: number }[]) out[r.name] = Number(r.n);
      return out;
    },
    async work(handlers, w = {}) {
      await boss.work(
        DEPLOYMENTS_QUEUE,
        { ...polling, includeMetadata: true, batchSize: 1, localConcurrency: w.concurrency ?? 8 },
        async (jobs: JobWithMetadata<DeploymentJob>[]) => {
          for (const job of jobs) await handlers.deployment({ ...job.data, ...context(job) });
        },
      );
      await boss.work(
        GATEWAY_RECONCILE_QUEUE,
        { ...polling, includeMetadata: true, batchSize: 1, localConcurrency: w.gatewayConcurrency ?? 2 },
        async (jobs: JobWithMetadata<GatewayReconcileJob>[]) => {
          for (const job of jobs) await handlers.gatewayReconcile({ hub: job.data.hub, ...context(job) });
        },
      );
      const deliver = handlers.webhookDelivery;
      if (deliver) {
        await boss.work(
          WEBHOOK_QUEUE,
          { ...polling, includeMetadata: true, batchSize: 1, localConcurrency: 4 },
          async (jobs: JobWithMetadata<WebhookJob>[]) => {
            for (const job of jobs) await deliver({ deliveryId: job.data.deliveryId, ...context(job) });
          },
        );
      }
    },
    async hasLiveJob(deploymentId) {
      const jobs = await boss.findJobs<DeploymentJob>(DEPLOYMENTS_QUEUE, { data: { deploymentId } });
      return jobs.some((j) => (LIVE_STATES as readonly string[]).includes(j.state));
    },
    async liveDeploymentIds() {
      // pg-boss has no public "live jobs" listing; its job table is documented for direct SQL use.
      const { rows } = await boss
        .getDb()
        .executeSql(
          `select data->>'deploymentId' as id from ${BOSS_SCHEMA}.job where name = $1 and state in (${LIVE_STATES_SQL})`,
          [DEPLOYMENTS_QUEUE],
        );
      return new Set(rows.map((r: { id: string }) => r.id));
    },
    async stop(s = {}) {
      // On PGlite the app owns the instance; pg-boss must not close it (fromPglite never does).
      await boss.stop({ graceful: s.graceful ?? true, timeout: s.timeoutMs ?? 30_000 });
      boss.off("error", onError);
    },
  };
}
