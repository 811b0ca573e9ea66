/**
 * Admission: how many deployments may work against Azure at once, decided from ARM's request
 * budget and counted in the database, so several instances on one Postgres never oversubscribe
 * the subscription. A create or update that would exceed it stays `queued` and waits its turn in a
 * visible state ("waiting for Azure capacity", with its position) instead of starting and then
 * starving on throttled calls. Work that finishes things (rollback, teardown) and a deployment
 * already running (resumed after a crash) are always admitted: holding them back would keep half-
 * made resources alive, and they are counted so new creates make room for them.
 */
import { and, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { deployments } from "@/db/schema";
import { ARM_BUCKETS, type BucketSpec } from "@/lib/azure/budget";
import type { EventDraft, LoadedDeployment } from "@/lib/ledger/store";

/** Kinds that start new work and therefore wait for capacity. */
export const ADMITTED_KINDS = ["create", "update"] as const;

/**
 * What one create spends, measured with the bench (README "Performance"): about 50 reads (LRO
 * polls included) and at most 12 writes over roughly 100 s of Azure time.
 */
export const CREATE_COST = { reads: 50, writes: 12, seconds: 100 } as const;

/** The share of a bucket starting work must leave for finishing work (the budget's `start` reserve). */
const START_RESERVE = 0.1;

/**
 * Deployments ARM's buckets carry at once: a bucket holds size × (1 − reserve) tokens at the start
 * and refills refillPerSecond over a create's duration; each create spends its cost from it. The
 * tightest bucket decides. Time scale cancels out (the simulator scales refill and durations alike).
 */
export function admissionCapacity(
  cost: { reads: number; writes: number; seconds: number } = CREATE_COST,
  buckets: Record<"reads" | "writes", BucketSpec> = ARM_BUCKETS,
): number {
  const carry = (b: BucketSpec, per: number) =>
    Math.floor((b.size * (1 - START_RESERVE) + b.refillPerSecond * cost.seconds) / per);
  return Math.max(1, Math.min(carry(buckets.reads, cost.reads), carry(buckets.writes, cost.writes)));
}

/** Any constant shared by every instance: the transaction-scoped lock serialising admission decisions. */
const ADMISSION_LOCK = 7_401_311;

export type Admission = { admitted: true } | { admitted: false; position: number; firstWait: boolean };

export function needsAdmission(loaded: LoadedDeployment): boolean {
  return (
    loaded.deployment.status === "queued" && (ADMITTED_KINDS as readonly string[]).includes(loaded.deployment.kind)
  );
}

/**
 * Decides, inside the caller's transaction, whether this queued deployment may start now. The
 * advisory lock makes count-then-start atomic across instances; the caller marks the deployment
 * running in the same transaction when admitted. Waiters go first-come first-served by the time
 * they started waiting, so a newcomer never overtakes one already waiting.
 */
export async function decideAdmission(tx: Tx, deploymentId: string, capacity: number): Promise<Admission> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ADMISSION_LOCK})`);
  const [mine] = await tx
    .select({ waitingSince: deployments.waitingSince })
    .from(deployments)
    .where(eq(deployments.id, deploymentId));
  const [runningRow] = await tx.select({ running: count() }).from(deployments).where(eq(deployments.status, "running"));
  const since = mine?.waitingSince ?? null;
  const [aheadRow] = await tx
    .select({ ahead: count() })
    .from(deployments)
    .where(
      and(
        eq(deployments.status, "queued"),
        inArray(deployments.kind, [...ADMITTED_KINDS]),
        isNotNull(deployments.waitingSince),
        since
          ? sql`(${deployments.waitingSince}, ${deployments.id}) < (${since.toISOString()}::timestamptz, ${deploymentId}::uuid)`
          : sql`true`,
        sql`${deployments.id} <> ${deploymentId}::uuid`,
      ),
    );
  const running = runningRow?.running ?? 0;
  const ahead = aheadRow?.ahead ?? 0;
  if (running + ahead < capacity) return { admitted: true };
  if (!since) await tx.update(deployments).set({ waitingSince: new Date() }).where(eq(deployments.id, deploymentId));
  return { admitted: false, position: ahead + 1, firstWait: !since };
}

export function waitingEvent(loaded: LoadedDeployment, position: number, capacity: number): EventDraft {
  return {
    type: "deployment.waiting",
    message: `Waiting for Azure capacity: ${capacity} deployments are running against the subscription's request budget; this ${loaded.deployment.kind} is number ${position} in the queue`,
    data: { kind: loaded.deployment.kind, position, capacity },
  };
}

export interface QueueView {
  state: "waiting_for_capacity";
  position: number;
  since: string;
}

/**
 * The queue state of waiting deployments (API and UI), keyed by deployment id and by spoke id;
 * absent = not waiting. Positions count every waiter database-wide, as admission does.
 */
export async function queueViews(
  db: Db | Tx,
  filter: { deploymentIds?: readonly string[]; spokeIds?: readonly string[] },
): Promise<Map<string, QueueView>> {
  const out = new Map<string, QueueView>();
  const deploymentIds = new Set(filter.deploymentIds ?? []);
  const spokeIds = new Set(filter.spokeIds ?? []);
  if (!deploymentIds.size && !spokeIds.size) return out;
  const waiting = await db
    .select({ id: deployments.id, spokeId: deployments.spokeId, since: deployments.waitingSince })
    .from(deployments)
    .where(
      and(
        eq(deployments.status, "queued"),
        inArray(deployments.kind, [...ADMITTED_KINDS]),
        isNotNull(deployments.waitingSince),
      ),
    )
    .orderBy(deployments.waitingSince, deployments.id);
  waiting.forEach((w, i) => {
    if (!w.since) return;
    const view: QueueView = { state: "waiting_for_capacity", position: i + 1, since: w.since.toISOString() };
    if (deploymentIds.has(w.id)) out.set(w.id, view);
    if (spokeIds.has(w.spokeId)) out.set(w.spokeId, view);
  });
  return out;
}
