/**
 * The live_snapshots table: load, claim the right to read Azure (a per-row lease plus the cadence,
 * checked in one conditional UPDATE so only one of N instances wins), save, and ask for a refresh.
 * Times come from the caller's clock so tests can run minutes of watching in milliseconds.
 */
import { and, eq, gt, inArray, isNull, lte, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { liveSnapshots } from "@/db/schema";

export type SnapshotRow = typeof liveSnapshots.$inferSelect;

export interface Cadence {
  /** A watched snapshot is read again once its last read started this long ago. */
  refreshMs: number;
  /** A requested refresh is honoured once the last read started this long ago. */
  minRefreshMs: number;
  /** How long a reader may hold the row; a crashed reader's lease simply expires. */
  leaseMs: number;
}

export async function loadSnapshots(db: DbOrTx, keys: string[]): Promise<Map<string, SnapshotRow>> {
  if (!keys.length) return new Map();
  const rows = await db.select().from(liveSnapshots).where(inArray(liveSnapshots.key, keys));
  return new Map(rows.map((r) => [r.key, r]));
}

/** Whether a read is due at `now` (the same rule the claim applies in SQL). */
export function isDue(row: SnapshotRow | undefined, now: number, c: Cadence): boolean {
  if (!row?.attemptedAt) return !row?.leaseUntil || row.leaseUntil.getTime() < now;
  if (row.leaseUntil && row.leaseUntil.getTime() >= now) return false;
  const since = now - row.attemptedAt.getTime();
  const asked = row.refreshRequestedAt !== null && row.refreshRequestedAt > row.attemptedAt;
  return since >= c.refreshMs || (asked && since >= c.minRefreshMs);
}

/** Takes the row's lease when a read is due and nobody holds it; false when another reader won or it is not due. */
export async function claimRead(db: DbOrTx, key: string, owner: string, now: number, c: Cadence): Promise<boolean> {
  await db.insert(liveSnapshots).values({ key }).onConflictDoNothing();
  const at = new Date(now);
  const s = liveSnapshots;
  const claimed = await db
    .update(s)
    .set({ attemptedAt: at, leaseOwner: owner, leaseUntil: new Date(now + c.leaseMs) })
    .where(
      and(
        eq(s.key, key),
        or(isNull(s.leaseUntil), lt(s.leaseUntil, at)),
        or(
          isNull(s.attemptedAt),
          lte(s.attemptedAt, new Date(now - c.refreshMs)),
          and(gt(s.refreshRequestedAt, s.attemptedAt), lte(s.attemptedAt, new Date(now - c.minRefreshMs))),
        ),
      ),
    )
    .returning({ key: s.key });
  return claimed.length > 0;
}

/** Stores a read (or its failure, keeping the last good data) and releases the lease, if still ours. */
export async function saveRead(
  db: DbOrTx,
  key: string,
  owner: string,
  now: number,
  result: { data: unknown } | { error: string },
): Promise<void> {
  const done = "data" in result ? { data: result.data, readAt: new Date(now), error: null } : { error: result.error };
  await db
    .update(liveSnapshots)
    .set({ ...done, leaseOwner: null, leaseUntil: null })
    .where(and(eq(liveSnapshots.key, key), eq(liveSnapshots.leaseOwner, owner)));
}

export async function markRefreshRequested(db: DbOrTx, key: string, now: number): Promise<void> {
  const at = new Date(now);
  await db
    .insert(liveSnapshots)
    .values({ key, refreshRequestedAt: at })
    .onConflictDoUpdate({ target: liveSnapshots.key, set: { refreshRequestedAt: at } });
}
