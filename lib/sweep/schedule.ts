/**
 * The scheduled orphan report: one instance (the `orphans:schedule` row's lease in live_snapshots,
 * the claim lib/live uses) reads Azure once per ORPHAN_SWEEP_INTERVAL_SECONDS and stores a report.
 * Report only: the schedule never deletes anything.
 */
import type { Db } from "@/db";
import type { AzureGateway } from "@/lib/azure/types";
import { claimRead, saveRead } from "@/lib/live/snapshot-store";
import { log } from "@/lib/log";
import type { HubRef } from "@/lib/ledger/spoke-config";
import { recordReport } from "./cleanup";
import { findOrphans } from "./find";

export const ORPHAN_SCHEDULE_KEY = "orphans:schedule";

export interface OrphanScheduleOptions {
  db: Db;
  azure: AzureGateway;
  hub: HubRef;
  intervalMs: number;
  owner: string;
  now?: () => number;
}

/** One due sweep, if this instance wins the claim; returns the stored report's id. */
export async function orphanTick(o: OrphanScheduleOptions): Promise<string | undefined> {
  const now = o.now ?? Date.now;
  const cadence = { refreshMs: o.intervalMs, minRefreshMs: o.intervalMs, leaseMs: 5 * 60_000 };
  if (!(await claimRead(o.db, ORPHAN_SCHEDULE_KEY, o.owner, now(), cadence))) return undefined;
  try {
    const report = await findOrphans({ db: o.db, azure: o.azure, hub: o.hub });
    const id = await recordReport(o.db, "scheduled", report, null);
    await saveRead(o.db, ORPHAN_SCHEDULE_KEY, o.owner, now(), {
      data: { sweep_id: id, orphans: report.orphans.length },
    });
    if (report.orphans.length) log.warn("orphans found in Azure", { count: report.orphans.length, sweepId: id });
    return id;
  } catch (err) {
    await saveRead(o.db, ORPHAN_SCHEDULE_KEY, o.owner, now(), { error: String(err) });
    throw err;
  }
}

export function startOrphanSchedule(o: OrphanScheduleOptions): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(
    () => {
      if (busy) return;
      busy = true;
      running = orphanTick(o)
        .catch((err: unknown) => log.warn("orphan sweep failed", { error: String(err) }))
        .finally(() => (busy = false));
    },
    Math.min(o.intervalMs, 60_000),
  );
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
