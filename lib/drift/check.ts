/**
 * One drift check of one spoke: read Azure (5 reads at the budget's `view` priority), compare with
 * the stored desired state, store the outcome in spoke_drift and append drift.detected /
 * drift.resolved to the spoke's event stream only when the announced outcome changes.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { deployments, gatewayEntries, spokeDrift, spokes } from "@/db/schema";
import { armIds } from "@/lib/azure/ids";
import { withArmPriority } from "@/lib/azure/priority";
import type { AzureGateway, CallOptions } from "@/lib/azure/types";
import type { SpokeGatewayEntry } from "@/lib/network/gateway-entries";
import { appendEvents } from "@/lib/ledger/append";
import { stableHash, type SpokeConfig } from "@/lib/ledger/spoke-config";
import { compareDrift, repairSteps, type Observed } from "./compare";
import type { DriftDifference, DriftStatus, DriftView } from "./types";

export interface DriftDeps {
  db: Db;
  azure: AzureGateway;
  now?: () => number;
}

type SpokeRow = typeof spokes.$inferSelect;

export async function readObserved(azure: AzureGateway, c: SpokeConfig, o: CallOptions = {}): Promise<Observed> {
  const [vnet, nic, vm, hubPeering, gateway] = await Promise.all([
    azure.getVirtualNetwork(c.resourceGroup, c.names.vnet, o),
    azure.getNetworkInterface(c.resourceGroup, c.names.nic, o),
    azure.getVirtualMachine(c.resourceGroup, c.names.vm, o),
    azure.getPeering(c.hub.resourceGroup, c.hub.vnetName, c.names.hubToSpokePeering, o),
    azure.getApplicationGateway(c.hub.resourceGroup, c.hub.gatewayName, o),
  ]);
  return { vnet, nic, vm, hubPeering, gateway };
}

/** Why a spoke is not checked now (null: it is checkable): only completed spokes with no active deployment. */
export async function notCheckable(db: Db, spoke: SpokeRow): Promise<string | null> {
  if (spoke.deletedAt) return "The spoke is deleted";
  if (spoke.status !== "completed") return `The spoke is ${spoke.status}; drift is checked only on completed spokes`;
  const [active] = await db
    .select({ id: deployments.id })
    .from(deployments)
    .where(and(eq(deployments.spokeId, spoke.id), inArray(deployments.status, ["queued", "running"])))
    .limit(1);
  return active ? "A deployment of the spoke is in progress" : null;
}

export function toDriftView(row: typeof spokeDrift.$inferSelect | undefined): DriftView {
  if (!row) return { status: "unknown", checked_at: null, differences: [], error: null };
  return {
    status: row.status as DriftStatus,
    checked_at: row.checkedAt.toISOString(),
    differences: row.differences as DriftDifference[],
    error: row.error,
  };
}

export async function loadDrift(db: Db, spokeId: string): Promise<DriftView> {
  const [row] = await db.select().from(spokeDrift).where(eq(spokeDrift.spokeId, spokeId)).limit(1);
  return toDriftView(row);
}

async function desiredBackendIp(db: Db, spoke: SpokeRow, observed: Observed): Promise<string | null> {
  const [wish] = await db
    .select({ entries: gatewayEntries.entries })
    .from(gatewayEntries)
    .where(and(eq(gatewayEntries.hub, spoke.hub), eq(gatewayEntries.spokeId, spoke.id)))
    .limit(1);
  const entry = wish?.entries as SpokeGatewayEntry | null | undefined; // safe because written only by setDesiredGatewayEntry
  return entry?.backendIp ?? observed.nic?.privateIpAddress ?? null;
}

function describe(d: DriftDifference): string {
  return `${d.resource} ${d.property}: expected ${JSON.stringify(d.expected)}, found ${JSON.stringify(d.actual)}`;
}

/** Stores the outcome and appends an event when the announced outcome changes; returns the stored view. */
async function record(
  db: Db,
  spoke: SpokeRow,
  at: Date,
  outcome: { status: DriftStatus; differences: DriftDifference[]; error: string | null },
): Promise<DriftView> {
  return db.transaction(async (tx) => {
    // The spoke row's lock orders concurrent checks of one spoke (appendEvents takes it too).
    await tx.select({ id: spokes.id }).from(spokes).where(eq(spokes.id, spoke.id)).for("update");
    const [prev] = await tx.select().from(spokeDrift).where(eq(spokeDrift.spokeId, spoke.id)).limit(1);
    const key =
      outcome.status === "drifted"
        ? `drifted:${stableHash(outcome.differences)}`
        : outcome.status === "in_sync"
          ? "in_sync"
          : (prev?.notified ?? null);
    const events = [];
    if (outcome.status === "drifted" && prev?.notified !== key) {
      events.push({
        type: "drift.detected" as const,
        level: "warn" as const,
        message:
          `Drift detected: ${outcome.differences.length} difference(s) — ${outcome.differences.map(describe).join("; ")}`.slice(
            0,
            2000,
          ),
        data: { differences: outcome.differences, repair_steps: repairSteps(outcome.differences) },
      });
    } else if (outcome.status === "in_sync" && prev?.notified?.startsWith("drifted")) {
      events.push({
        type: "drift.resolved" as const,
        level: "info" as const,
        message: "Drift resolved: Azure matches the desired state again",
        data: {},
      });
    }
    const values = {
      status: outcome.status,
      checkedAt: at,
      differences: outcome.differences,
      error: outcome.error,
      notified: key,
    };
    const [row] = await tx
      .insert(spokeDrift)
      .values({ spokeId: spoke.id, ...values })
      .onConflictDoUpdate({ target: spokeDrift.spokeId, set: values })
      .returning();
    await appendEvents(tx, spoke.id, events);
    return toDriftView(row);
  });
}

/**
 * Checks one spoke now. A busy spoke (not completed, or with an active deployment) is not read:
 * the stored result is returned with the reason in `error`.
 */
export async function checkSpokeDrift(deps: DriftDeps, spokeId: string, o: CallOptions = {}): Promise<DriftView> {
  const [spoke] = await deps.db.select().from(spokes).where(eq(spokes.id, spokeId)).limit(1);
  if (!spoke) throw new Error(`spoke ${spokeId} not found`);
  const busy = await notCheckable(deps.db, spoke);
  if (busy) return { ...(await loadDrift(deps.db, spoke.id)), error: busy };
  const c = spoke.desiredConfig as SpokeConfig; // safe because desired_config is written from SpokeConfig only
  const at = new Date(deps.now?.() ?? Date.now());
  let observed: Observed;
  try {
    observed = await withArmPriority("view", () => readObserved(deps.azure, c, o));
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return record(deps.db, spoke, at, {
      status: "unknown",
      differences: [],
      error: `${e.code ?? "Error"}: ${e.message ?? String(err)}`,
    });
  }
  const sub = deps.azure.subscriptionId;
  const differences = compareDrift(
    {
      config: c,
      hubVnetId: armIds.virtualNetwork({ subscriptionId: sub, resourceGroup: c.hub.resourceGroup }, c.hub.vnetName),
      spokeVnetId: armIds.virtualNetwork({ subscriptionId: sub, resourceGroup: c.resourceGroup }, c.names.vnet),
      backendIp: await desiredBackendIp(deps.db, spoke, observed),
    },
    observed,
  );
  return record(deps.db, spoke, at, { status: differences.length ? "drifted" : "in_sync", differences, error: null });
}
