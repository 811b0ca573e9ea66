/**
 * The single writer of a hub's Application Gateway (ARCHITECTURE.md §7). Holds a lease, reads every
 * spoke's desired entries, GETs the gateway, PUTs once with all changes merged, records the
 * applied generation, and loops while newer changes arrived during the PUT.
 */
import { and, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { gatewayEntries, gatewayPurges, gatewayState } from "@/db/schema";
import { planGatewayUpdate, type GatewayPlan, type PurgeEntry } from "@/lib/network/gateway-ownership";
import { gatewayEntriesErrors } from "@/lib/network/gateway-validate";
import { withArmPriority } from "@/lib/azure/priority";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import { appendEvents } from "@/lib/ledger/append";
import { classifyError } from "../classify";
import type { OrchestratorDeps } from "../deps";
import { latestDeployment, toEvent } from "@/lib/ledger/store";
import { fromAzure, frontendOf, toAzure } from "./adapter";
import { claimEntries, readLedger, recordRejections, releaseEntries, toWish } from "./ledger";

/**
 * A holder that died keeps every gateway update waiting until its lease runs out, so the lease is
 * short and renewed while the holder works (a whole-gateway PUT can take minutes). It was a flat
 * 120 s: under npm run chaos every kill during a reconcile stalled all update_agw steps that long.
 */
/** Lease owner while waiting out a transient failure's Retry-After. */
const BACKOFF_OWNER = "retry-after";
const LEASE_MS = 30_000;
const RENEW_MS = 10_000;

/**
 * Poll interval of a gateway update, in Azure milliseconds (scaled like every other wait). A gateway
 * update takes 30 s to 7 minutes; polled at the network provider's 3 s hint, one single-spoke create
 * spent about 13 reads watching it. At 10 s it spends 3–4, and update_agw runs beside the VM create
 * (about 60 s), so noticing the end a few seconds later rarely delays anything.
 */
const GATEWAY_POLL_AZURE_MS = 10_000;

export function parseHubKey(hub: string): { resourceGroup: string; gatewayName: string } {
  const [resourceGroup, , gatewayName] = hub.split("/");
  if (!resourceGroup || !gatewayName) throw new Error(`bad hub key ${hub}`);
  return { resourceGroup, gatewayName };
}

async function acquireLease(db: Db, hub: string, owner: string): Promise<boolean> {
  const until = new Date(Date.now() + LEASE_MS);
  const rows = await db
    .update(gatewayState)
    .set({ leaseOwner: owner, leaseUntil: until })
    .where(
      and(
        eq(gatewayState.hub, hub),
        or(
          isNull(gatewayState.leaseUntil),
          lt(gatewayState.leaseUntil, new Date()),
          eq(gatewayState.leaseOwner, owner),
        ),
      ),
    )
    .returning({ hub: gatewayState.hub });
  return rows.length === 1;
}

async function releaseLease(db: Db, hub: string, owner: string) {
  await db
    .update(gatewayState)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(gatewayState.hub, hub), eq(gatewayState.leaseOwner, owner)));
}

async function readState(db: Db, hub: string) {
  const [state] = await db.select().from(gatewayState).where(eq(gatewayState.hub, hub)).limit(1);
  return state;
}

/** Returns the number of PUTs made. Throws on a transient failure so the queue retries. */
export async function reconcileGateway(deps: OrchestratorDeps, hub: string): Promise<number> {
  let puts = 0;
  for (;;) {
    const state = await readState(deps.db, hub);
    if (!state || state.appliedGeneration >= state.desiredGeneration) return puts;
    // Azure refused this generation for good: the waiting steps fail on it. Trying the same PUT
    // again at once would loop against Azure; the next change (e.g. the rollback's removal) retries.
    if (state.failedGeneration >= state.desiredGeneration) return puts;
    if (!(await acquireLease(deps.db, hub, deps.workerId))) return puts; // the holder loops until caught up
    let renewing: Promise<unknown> = Promise.resolve();
    const renew = setInterval(() => {
      renewing = acquireLease(deps.db, hub, deps.workerId).catch(() => {}); // a failed renewal is retried on the next tick
    }, RENEW_MS);
    try {
      // The single gateway writer finishes many spokes' work at once: it goes first for ARM budget.
      puts += await withArmPriority("finish", () => applyOnce(deps, hub));
    } finally {
      clearInterval(renew);
      await renewing; // a renewal landing after the release would hold the lease for nobody
      await releaseLease(deps.db, hub, deps.workerId);
    }
  }
}

async function applyOnce(deps: OrchestratorDeps, hub: string): Promise<number> {
  const state = await readState(deps.db, hub);
  if (!state) return 0;
  const target = state.desiredGeneration;
  const rows = await deps.db.select().from(gatewayEntries).where(eq(gatewayEntries.hub, hub));
  const { resourceGroup, gatewayName } = parseHubKey(hub);
  let puts = 0;
  let plan: GatewayPlan;
  let putting = false;
  try {
    const gw = await deps.azure.getApplicationGateway(resourceGroup, gatewayName);
    if (!gw)
      throw Object.assign(new Error(`Application Gateway ${gatewayName} not found in ${resourceGroup}`), {
        code: "ResourceNotFound",
      });
    // Orphan entries an admin asked to remove (lib/sweep): only ones no spoke owns or wants go.
    const purges = await deps.db
      .select()
      .from(gatewayPurges)
      .where(and(eq(gatewayPurges.hub, hub), lte(gatewayPurges.generation, target)));
    plan = planGatewayUpdate(
      fromAzure(gw),
      rows.map(toWish),
      await readLedger(deps.db, hub),
      frontendOf(gw),
      purges.map((p) => ({ kind: p.kind, name: p.name }) as PurgeEntry),
    );
    // The merged body is checked again as a whole: a PUT Azure would refuse fails every spoke.
    const invalid = gatewayEntriesErrors(plan.entries).filter((e) => !gatewayEntriesErrors(fromAzure(gw)).includes(e));
    if (invalid.length)
      throw Object.assign(new Error(`The merged gateway is invalid: ${invalid.join("; ")}`), {
        code: "GatewayMergeInvalid",
      });
    // Claimed before the PUT: a crash after it must not leave our new entries looking hand-made.
    await claimEntries(deps.db, hub, plan.claim);
    if (plan.changed) {
      putting = true;
      await deps.azure.putApplicationGateway(gw.handle, toAzure(gw, plan.entries), {
        pollIntervalMs: deps.pollIntervalMs ?? GATEWAY_POLL_AZURE_MS * deps.timeScale,
      });
      metrics().gatewayPuts.inc({ outcome: "succeeded" });
      puts = 1;
    }
  } catch (err) {
    const c = classifyError(err);
    if (putting)
      metrics().gatewayPuts.inc({ outcome: c.class === "transient" ? "transient_error" : "permanent_error" });
    log.warn("gateway update failed", { hub, generation: target, code: c.code, class: c.class, message: c.message });
    await deps.db
      .update(gatewayState)
      .set({
        lastError: c.message,
        lastErrorCode: c.code,
        ...(c.class === "permanent" ? { failedGeneration: target } : {}),
        // Hold the lease for the server's Retry-After under an owner no worker has, so no other
        // queued reconcile PUTs again sooner (the next one that can acquire it retries).
        ...(c.class === "transient"
          ? { leaseOwner: BACKOFF_OWNER, leaseUntil: new Date(Date.now() + (c.retryAfterMs ?? 1_000)) }
          : {}),
      })
      .where(eq(gatewayState.hub, hub));
    if (c.class === "transient") throw err;
    return 0;
  }
  await recordApplied(deps.db, hub, target, puts, rows, plan);
  return puts;
}

async function recordApplied(
  db: Db,
  hub: string,
  target: number,
  puts: number,
  rows: (typeof gatewayEntries.$inferSelect)[],
  plan: GatewayPlan,
) {
  const { changes } = plan;
  await db.transaction(async (tx) => {
    await releaseEntries(tx, hub, plan.release);
    await recordRejections(tx, hub, target, plan.rejected);
    await tx
      .update(gatewayState)
      .set({
        appliedGeneration: sql`greatest(${gatewayState.appliedGeneration}, ${target})`,
        lastError: null,
        lastErrorCode: null,
        ...(puts ? { putCount: sql`${gatewayState.putCount} + ${puts}`, lastPutAt: new Date() } : {}),
      })
      .where(eq(gatewayState.hub, hub));
    // Orphan purges up to this generation were applied or refused for good (the cleanup re-reads Azure).
    await tx.delete(gatewayPurges).where(and(eq(gatewayPurges.hub, hub), lte(gatewayPurges.generation, target)));
    // Removals are done once applied: forget them (their names no longer need protecting).
    await tx
      .delete(gatewayEntries)
      .where(and(eq(gatewayEntries.hub, hub), isNull(gatewayEntries.entries), lte(gatewayEntries.generation, target)));
    for (const row of rows) {
      const names = Object.values(row.names as Record<string, unknown>).map(String);
      const mine = changes.filter((c) => names.includes(c.name));
      if (!mine.length) continue;
      const pick = (a: string) => mine.filter((c) => c.action === a).map((c) => c.name);
      // The change belongs to the spoke's running deployment (its update_agw / remove_agw_entries step).
      const running = await latestDeployment(tx, row.spokeId);
      await appendEvents(tx, row.spokeId, [
        toEvent(row.spokeId, running?.id ?? null, {
          type: "gateway.applied",
          message: `Gateway updated (generation ${target}): ${mine.map((c) => `${c.action} ${c.name}`).join(", ")}`,
          data: { generation: target, added: pick("added"), updated: pick("updated"), removed: pick("removed") },
        }),
      ]);
    }
  });
}
