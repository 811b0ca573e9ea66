/**
 * Cleanup of orphans (admin): removes exactly the requested orphans that are still orphans when
 * re-read now, gateway entries through the single writer (a purge request it applies in its next
 * merged PUT), then re-reads Azure to prove each is gone and stores the verified report.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { gatewayPurges, gatewayState, orphanSweeps } from "@/db/schema";
import { nameFromId } from "@/lib/azure/ids";
import { withArmPriority } from "@/lib/azure/priority";
import { nextGatewayGeneration } from "@/lib/orchestrator/gateway/desired";
import type { AzureGateway } from "@/lib/azure/types";
import { hubKey, type HubRef } from "@/lib/ledger/spoke-config";
import { findOrphans, type Orphan, type SweepDeps } from "./find";

export interface CleanupDeps extends SweepDeps {
  enqueueGatewayReconcile(hub: string): Promise<void>;
  /** How long to wait for the single writer to apply the purge (default 5 minutes). */
  gatewayTimeoutMs?: number;
}

export interface CleanupItem {
  id: string;
  category: Orphan["category"];
  type: string;
  name: string;
  /** removed: gone when Azure was read again; remaining: still there; skipped: not an orphan now (untouched). */
  outcome: "removed" | "remaining" | "skipped";
  error?: string;
}

export interface CleanupReport {
  started_at: string;
  finished_at: string;
  requested: string[];
  items: CleanupItem[];
  /** Every requested orphan is gone, proven by a fresh read of Azure. */
  verified: boolean;
}

/** Deletes first what holds others: VMs, then NICs and disks, then VNets, then hub peerings. */
const ORDER = [
  "microsoft.compute/virtualmachines",
  "microsoft.network/networkinterfaces",
  "microsoft.compute/disks",
  "microsoft.network/virtualnetworks",
  "microsoft.network/publicipaddresses",
];

function deleter(azure: AzureGateway, hub: HubRef, o: Orphan): (() => Promise<void>) | undefined {
  const rg = o.resource_group ?? "";
  const t = o.type.toLowerCase();
  if (o.category === "hub_peering") return () => azure.deletePeering(hub.resourceGroup, hub.vnetName, o.name);
  if (t === "microsoft.compute/virtualmachines")
    return () => azure.deleteVirtualMachine(rg, o.name, { forceDeletion: true });
  if (t === "microsoft.network/networkinterfaces") return () => azure.deleteNetworkInterface(rg, o.name);
  if (t === "microsoft.compute/disks") return () => azure.deleteDisk(rg, o.name);
  if (t === "microsoft.network/virtualnetworks") return () => azure.deleteVirtualNetwork(rg, o.name);
  return undefined;
}

const rank = (o: Orphan) =>
  o.category === "hub_peering" ? ORDER.length : Math.max(0, ORDER.indexOf(o.type.toLowerCase()));

/** Asks the hub's single writer to remove these entries and waits until it applied (or refused) them. */
async function purgeGatewayEntries(deps: CleanupDeps, entries: Orphan[]): Promise<string | undefined> {
  if (!entries.length) return undefined;
  const hub = hubKey(deps.hub);
  const generation = await deps.db.transaction(async (tx) => {
    const next = await nextGatewayGeneration(tx, hub);
    for (const e of entries) {
      const row = {
        hub,
        kind: e.entry_kind ?? "",
        nameKey: e.name.toLowerCase(),
        name: e.name,
        generation: next,
      };
      await tx
        .insert(gatewayPurges)
        .values(row)
        .onConflictDoUpdate({
          target: [gatewayPurges.hub, gatewayPurges.kind, gatewayPurges.nameKey],
          set: { generation: next },
        });
    }
    return next;
  });
  await deps.enqueueGatewayReconcile(hub);
  const started = Date.now();
  let nudged = started;
  for (;;) {
    const [s] = await deps.db.select().from(gatewayState).where(eq(gatewayState.hub, hub)).limit(1);
    if (s && s.appliedGeneration >= generation) return undefined;
    if (s && s.failedGeneration >= generation)
      return `${s.lastErrorCode ?? "GatewayUpdateFailed"}: ${s.lastError ?? "the gateway update failed"}`;
    if (Date.now() - started > (deps.gatewayTimeoutMs ?? 300_000))
      return `The gateway writer has not applied generation ${generation} yet`;
    if (Date.now() - nudged > 5_000) {
      nudged = Date.now();
      await deps.enqueueGatewayReconcile(hub);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function cleanupOrphans(
  deps: CleanupDeps,
  input: { ids?: string[]; all?: boolean },
  requestedBy: string | null,
): Promise<CleanupReport & { sweep_id: string }> {
  const started = new Date();
  const before = await findOrphans(deps);
  const wanted = new Set((input.ids ?? []).map((i) => i.toLowerCase()));
  const targets = input.all ? before.orphans : before.orphans.filter((o) => wanted.has(o.id));
  const errors = new Map<string, string>();
  // Finishing work: cleanup goes before new deployments for ARM budget.
  await withArmPriority("finish", async () => {
    for (const o of [...targets].filter((x) => x.category !== "gateway_entry").sort((a, b) => rank(a) - rank(b))) {
      const del = deleter(deps.azure, deps.hub, o);
      if (!del) {
        errors.set(o.id, `no delete for type ${o.type}`);
        continue;
      }
      try {
        await del();
      } catch (err) {
        const e = err as { code?: string; message?: string };
        errors.set(o.id, `${e.code ?? "Error"}: ${e.message ?? String(err)}`);
      }
    }
  });
  const gwError = await purgeGatewayEntries(
    deps,
    targets.filter((o) => o.category === "gateway_entry"),
  );
  if (gwError) for (const o of targets.filter((x) => x.category === "gateway_entry")) errors.set(o.id, gwError);
  // Verified by reading Azure again: an orphan still reported is still there.
  const after = await findOrphans(deps);
  const still = new Set(after.orphans.map((o) => o.id));
  const items: CleanupItem[] = targets.map((o) => ({
    id: o.id,
    category: o.category,
    type: o.type,
    name: o.name,
    outcome: still.has(o.id) ? "remaining" : "removed",
    ...(errors.has(o.id) ? { error: errors.get(o.id) } : {}),
  }));
  const targeted = new Set(targets.map((t) => t.id));
  for (const id of wanted)
    if (!targeted.has(id))
      items.push({
        id,
        category: "resource",
        type: "",
        name: nameFromId(id) || id,
        outcome: "skipped",
        error: "not an orphan when read again; left untouched",
      });
  const report: CleanupReport = {
    started_at: started.toISOString(),
    finished_at: new Date().toISOString(),
    requested: input.all ? ["all"] : [...wanted],
    items,
    verified: items.every((i) => i.outcome !== "remaining"),
  };
  const [row] = await deps.db
    .insert(orphanSweeps)
    .values({ kind: "cleanup", requestedBy, finishedAt: new Date(), report })
    .returning({ id: orphanSweeps.id });
  return { ...report, sweep_id: row?.id ?? "" };
}

/** Stores a report (on demand or scheduled); report only, never deletes. */
export async function recordReport(
  db: Db,
  kind: "report" | "scheduled",
  report: unknown,
  requestedBy: string | null,
): Promise<string> {
  const [row] = await db
    .insert(orphanSweeps)
    .values({ kind, requestedBy, finishedAt: new Date(), report })
    .returning({ id: orphanSweeps.id });
  return row?.id ?? "";
}
