/**
 * The periodic drift check: every `tickMs` one instance (the lease of the `drift:schedule` row in
 * live_snapshots, the same conditional claim lib/live uses) checks the few spokes whose last check
 * is oldest, so all checkable spokes are checked once per interval, spread evenly — never a burst.
 * Reads run at the ARM budget's `view` priority: deployments are served first when it is short.
 */
import { and, asc, eq, isNull, lt, notExists, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { deployments, spokeDrift, spokes } from "@/db/schema";
import type { AzureGateway } from "@/lib/azure/types";
import { claimRead, saveRead } from "@/lib/live/snapshot-store";
import { log } from "@/lib/log";
import { checkSpokeDrift } from "./check";

export const DRIFT_SCHEDULE_KEY = "drift:schedule";

export interface DriftScheduleOptions {
  db: Db;
  azure: AzureGateway;
  /** Every checkable spoke is checked once per interval (DRIFT_CHECK_INTERVAL_SECONDS). */
  intervalMs: number;
  /** How often the schedule looks for due spokes (default: a tenth of the interval, 1–30 s). */
  tickMs?: number;
  /** Lease owner (this process). */
  owner: string;
  now?: () => number;
}

/** Spokes a check may read: live, completed, with no queued or running deployment. */
function checkable() {
  return and(
    isNull(spokes.deletedAt),
    eq(spokes.status, "completed"),
    notExists(
      // safe: a correlated subquery on the outer spokes row
      sql`(select 1 from ${deployments} where ${deployments.spokeId} = ${spokes.id} and ${deployments.status} in ('queued', 'running'))`,
    ),
  );
}

/** The spokes to check in one tick: the due ones with the oldest check first, a tick's share of all checkable spokes. */
export async function dueSpokes(db: Db, now: number, intervalMs: number, tickMs: number): Promise<string[]> {
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(spokes)
    .where(checkable());
  const total = Number(count?.n ?? 0);
  if (!total) return [];
  const perTick = Math.max(1, Math.ceil((total * tickMs) / intervalMs));
  const rows = await db
    .select({ id: spokes.id })
    .from(spokes)
    .leftJoin(spokeDrift, eq(spokeDrift.spokeId, spokes.id))
    .where(and(checkable(), or(isNull(spokeDrift.checkedAt), lt(spokeDrift.checkedAt, new Date(now - intervalMs)))))
    .orderBy(sql`${spokeDrift.checkedAt} asc nulls first`, asc(spokes.createdAt))
    .limit(perTick);
  return rows.map((r) => r.id);
}

/** One tick: claim the schedule (one instance), check the due spokes one after another. Returns the spokes checked. */
export async function driftTick(o: DriftScheduleOptions): Promise<string[]> {
  const now = o.now ?? Date.now;
  const tickMs = o.tickMs ?? defaultTickMs(o.intervalMs);
  const cadence = { refreshMs: tickMs, minRefreshMs: tickMs, leaseMs: Math.max(60_000, tickMs * 2) };
  if (!(await claimRead(o.db, DRIFT_SCHEDULE_KEY, o.owner, now(), cadence))) return [];
  const checked: string[] = [];
  let failure: string | undefined;
  try {
    for (const id of await dueSpokes(o.db, now(), o.intervalMs, tickMs)) {
      await checkSpokeDrift({ db: o.db, azure: o.azure, now }, id);
      checked.push(id);
    }
  } catch (err) {
    failure = String(err);
    log.warn("drift check failed", { error: failure });
  } finally {
    await saveRead(
      o.db,
      DRIFT_SCHEDULE_KEY,
      o.owner,
      now(),
      failure ? { error: failure } : { data: { checked: checked.length } },
    );
  }
  return checked;
}

export function defaultTickMs(intervalMs: number): number {
  return Math.min(30_000, Math.max(1_000, Math.round(intervalMs / 10)));
}

/** Starts the periodic check in this process; stop() waits for a running tick. */
export function startDriftSchedule(o: DriftScheduleOptions): { stop(): Promise<void> } {
  const tickMs = o.tickMs ?? defaultTickMs(o.intervalMs);
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return; // a slow tick (Azure waits for budget) is never doubled up
    busy = true;
    running = driftTick({ ...o, tickMs })
      .catch((err: unknown) => log.warn("drift schedule tick failed", { error: String(err) }))
      .finally(() => (busy = false));
  }, tickMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
