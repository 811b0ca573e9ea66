/**
 * One shared snapshot per key: an answer never waits for Azure. When a read is due, the request
 * that notices starts it in the background; the row's lease makes one reader of all instances
 * do it, and an in-process map keeps one instance from even trying twice at once.
 */
import { withArmPriority } from "@/lib/azure/priority";
import type { Db } from "@/db";
import type { CallOptions } from "@/lib/azure/types";
import type { Env } from "@/lib/env";
import { log } from "@/lib/log";
import { claimRead, isDue, loadSnapshots, saveRead, type Cadence, type SnapshotRow } from "./snapshot-store";

export interface LiveConfig extends Cadence {
  /** Backend health of one hub gateway is read at most this often. */
  healthMs: number;
  /** A read that takes longer is abandoned and recorded as failed. */
  readTimeoutMs: number;
  /** Lease owner (this process). */
  owner: string;
  now(): number;
  /** Reads running in this process, by key (tests give each simulated instance its own). */
  inflight: Map<string, Promise<void>>;
}

/** What every live answer carries about its snapshot. */
export interface LiveMeta {
  read_at: string | null;
  age_s: number | null;
  refreshing: boolean;
  error: string | null;
}

export interface Snapshot<T> {
  data: T | null;
  meta: LiveMeta;
}

/**
 * Options for each ARM read of the reader. Live views are background work: every read runs at the
 * ARM budget's `view` priority (lib/azure/priority.ts), served after deployments when budget is short.
 */
export type ReadOptions = CallOptions;

export type Reader<T> = (prev: T | null, o: ReadOptions) => Promise<T>;

const g = globalThis as typeof globalThis & { __hscLiveReads?: Map<string, Promise<void>> };

export function liveConfig(
  e: Pick<Env, "LIVE_REFRESH_SECONDS" | "LIVE_HEALTH_SECONDS" | "LIVE_MIN_REFRESH_SECONDS">,
  owner: string,
): LiveConfig {
  return {
    refreshMs: e.LIVE_REFRESH_SECONDS * 1000,
    minRefreshMs: e.LIVE_MIN_REFRESH_SECONDS * 1000,
    healthMs: e.LIVE_HEALTH_SECONDS * 1000,
    leaseMs: 60_000,
    readTimeoutMs: 20_000,
    owner,
    now: Date.now,
    inflight: (g.__hscLiveReads ??= new Map()),
  };
}

export function metaOf(key: string, row: SnapshotRow | undefined, cfg: LiveConfig): LiveMeta {
  const now = cfg.now();
  const readAt = row?.readAt ?? null;
  return {
    read_at: readAt?.toISOString() ?? null,
    age_s: readAt ? Math.max(0, Math.round((now - readAt.getTime()) / 1000)) : null,
    refreshing: cfg.inflight.has(key) || Boolean(row?.leaseUntil && row.leaseUntil.getTime() >= now),
    error: row?.error ?? null,
  };
}

/** Azure's own code and message, or why there was no answer. */
export function describeReadError(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `Azure did not answer within ${Math.round(timeoutMs / 1000)} s`;
  const e = err as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message ?? ""}` : `Azure could not be read: ${e.message ?? String(err)}`;
}

async function readAndSave<T>(db: Db, key: string, cfg: LiveConfig, reader: Reader<T>, prev: T | null): Promise<void> {
  if (!(await claimRead(db, key, cfg.owner, cfg.now(), cfg))) return;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), cfg.readTimeoutMs);
  let result: { data: T } | { error: string };
  try {
    result = { data: await withArmPriority("view", () => reader(prev, { signal: controller.signal })) };
  } catch (err) {
    result = { error: describeReadError(err, controller.signal.aborted, cfg.readTimeoutMs) };
    log.warn("live view read failed", { key, error: result.error });
  } finally {
    clearTimeout(timer);
  }
  // A failure to record is the database's, not Azure's: it surfaces as such (the lease then expires).
  await saveRead(db, key, cfg.owner, cfg.now(), result);
}

/** Starts a background read of `key` when one is due and none runs in this process. */
export function kickRead<T>(
  db: Db,
  key: string,
  row: SnapshotRow | undefined,
  cfg: LiveConfig,
  reader: Reader<T>,
  force = false,
): boolean {
  if (cfg.inflight.has(key) || (!force && !isDue(row, cfg.now(), cfg))) return cfg.inflight.has(key);
  const run = readAndSave(db, key, cfg, reader, (row?.data as T | null) ?? null)
    .catch((err: unknown) => log.error("live view read could not be recorded", { key, err: String(err) }))
    .finally(() => cfg.inflight.delete(key));
  cfg.inflight.set(key, run);
  return true;
}

/** The stored snapshot of `key`, starting its background read when one is due. */
export async function snapshot<T>(db: Db, cfg: LiveConfig, key: string, reader: Reader<T>): Promise<Snapshot<T>> {
  const row = (await loadSnapshots(db, [key])).get(key);
  kickRead(db, key, row, cfg, reader);
  return { data: (row?.data as T | null) ?? null, meta: metaOf(key, row, cfg) };
}

/** Resolves when this process's background reads have finished (tests, shutdown). */
export async function settleReads(inflight: Map<string, Promise<void>>): Promise<void> {
  while (inflight.size) await Promise.all([...inflight.values()]);
}
