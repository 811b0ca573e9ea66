/**
 * The live snapshots a verb answers from: a hub's (topology, hub status, the gateway half of a
 * spoke page) and a spoke's. Reading them never calls Azure; it may start the shared reader.
 */
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db";
import type { AzureGateway } from "@/lib/azure/types";
import { env } from "@/lib/env";
import type { HubRef, SpokeConfig } from "@/lib/ledger/spoke-config";
import { kickRead, liveConfig, snapshot, type LiveConfig, type Snapshot } from "./engine";
import { hubReader, hubSnapshotKey, type HubData } from "./hub-reader";
import { loadSnapshots, markRefreshRequested } from "./snapshot-store";
import { spokeReader, spokeSnapshotKey, type SpokeData } from "./spoke-reader";

export interface LiveCtx {
  db: Db;
  azure: AzureGateway;
  /** Cadence, clock and lease owner; this process's defaults from the environment when absent. */
  live?: LiveConfig;
}

const g = globalThis as typeof globalThis & { __hscLiveConfig?: LiveConfig };

export function configOf(ctx: LiveCtx): LiveConfig {
  if (ctx.live) return ctx.live;
  g.__hscLiveConfig ??= liveConfig(env(), `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);
  return g.__hscLiveConfig;
}

function hubRead(ctx: LiveCtx, hub: HubRef) {
  const cfg = configOf(ctx);
  return { cfg, key: hubSnapshotKey(hub), reader: hubReader(ctx.db, ctx.azure, hub, cfg) };
}

export function hubSnapshot(ctx: LiveCtx, hub: HubRef): Promise<Snapshot<HubData>> {
  const { cfg, key, reader } = hubRead(ctx, hub);
  return snapshot(ctx.db, cfg, key, reader);
}

export function spokeSnapshot(ctx: LiveCtx, spokeUuid: string, config: SpokeConfig): Promise<Snapshot<SpokeData>> {
  return snapshot(ctx.db, configOf(ctx), spokeSnapshotKey(spokeUuid), spokeReader(ctx.azure, config));
}

/**
 * A viewer's Refresh: marks the snapshots as wanted now and starts the read if this process may.
 * The claim still requires the last read to be `minRefreshMs` old, so all viewers together cause
 * at most one read per snapshot per that period (and backend health keeps its own period).
 */
export async function requestRefresh(
  ctx: LiveCtx,
  hub: HubRef,
  spoke?: { id: string; config: SpokeConfig },
): Promise<void> {
  const cfg = configOf(ctx);
  const h = hubRead(ctx, hub);
  const spokeKey = spoke ? spokeSnapshotKey(spoke.id) : null;
  const keys = spokeKey ? [h.key, spokeKey] : [h.key];
  for (const key of keys) await markRefreshRequested(ctx.db, key, cfg.now());
  const rows = await loadSnapshots(ctx.db, keys);
  kickRead(ctx.db, h.key, rows.get(h.key), cfg, h.reader);
  if (spoke && spokeKey) kickRead(ctx.db, spokeKey, rows.get(spokeKey), cfg, spokeReader(ctx.azure, spoke.config));
}
