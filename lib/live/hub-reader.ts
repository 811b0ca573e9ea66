/**
 * What one hub snapshot holds: the hub VNet with its peerings, the gateway's entries and states,
 * the gateway's backend health (read at most every `healthMs`, an expensive Azure operation), and
 * each live spoke's own peering side. Everyone's spokes: ownership is applied when answering.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { spokes } from "@/db/schema";
import type { AzureGateway, PeeringInfo } from "@/lib/azure/types";
import { hubKey, type HubRef, type SpokeConfig } from "@/lib/ledger/spoke-config";
import type { Reader } from "./engine";

export interface PeeringData {
  name: string;
  state: string | null;
  sync_level: string | null;
  provisioning_state: string | null;
}

export interface HubData {
  vnet: { id: string; location: string; address_prefixes: string[]; peerings: PeeringData[] } | null;
  gateway: {
    name: string;
    id: string;
    provisioning_state: string | null;
    operational_state: string | null;
    sku: string | null;
    pools: { name: string; addresses: string[] }[];
    listeners: { name: string; host_names: string[] }[];
    rules: { name: string; priority: number | null }[];
  } | null;
  /** Servers per backend pool, as the gateway's probes see them. */
  health: { pool: string; servers: { address: string; health: string }[] }[] | null;
  health_read_at: string | null;
  health_error: string | null;
  /** The spoke side of each live spoke's peering, by spoke uuid (null: its VNet is absent). */
  spoke_sides: Record<string, PeeringData | null>;
}

export const hubSnapshotKey = (hub: HubRef) => `hub:${hubKey(hub)}`;

export function peeringData(p: PeeringInfo | undefined): PeeringData | null {
  return p
    ? {
        name: p.name,
        state: p.peeringState ?? null,
        sync_level: p.peeringSyncLevel ?? null,
        provisioning_state: p.provisioningState ?? null,
      }
    : null;
}

type Health = Pick<HubData, "health" | "health_read_at" | "health_error">;

async function readHealth(
  azure: AzureGateway,
  hub: HubRef,
  prev: HubData | null,
  now: number,
  healthMs: number,
  o: Parameters<Reader<HubData>>[1],
): Promise<Health> {
  const last = prev?.health_read_at ? Date.parse(prev.health_read_at) : 0;
  if (prev && now - last < healthMs)
    return { health: prev.health, health_read_at: prev.health_read_at, health_error: prev.health_error };
  const at = new Date(now).toISOString();
  try {
    // Polled slowly: the answer is shown for the next 30 s anyway, and every poll is an ARM read.
    const h = await azure.getBackendHealth(hub.resourceGroup, hub.gatewayName, { ...o, pollIntervalMs: 1_000 });
    const health = h.pools.map((p) => ({ pool: p.poolName, servers: p.settings.flatMap((s) => s.servers) }));
    return { health, health_read_at: at, health_error: null };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    // Counted as a read: a failing health call is not retried before the next period either.
    return {
      health: prev?.health ?? null,
      health_read_at: at,
      health_error: `${e.code ?? "Error"}: ${e.message ?? String(err)}`,
    };
  }
}

export function hubReader(
  db: Db,
  azure: AzureGateway,
  hub: HubRef,
  opts: { healthMs: number; now(): number },
): Reader<HubData> {
  return async (prev, o) => {
    const rows = await db
      .select({ id: spokes.id, config: spokes.desiredConfig })
      .from(spokes)
      .where(and(eq(spokes.hub, hubKey(hub)), isNull(spokes.deletedAt)));
    const [vnet, gw] = await Promise.all([
      azure.getVirtualNetwork(hub.resourceGroup, hub.vnetName, o),
      azure.getApplicationGateway(hub.resourceGroup, hub.gatewayName, o),
    ]);
    const sides = await Promise.all(
      rows.map(async (r) => {
        const c = r.config as SpokeConfig; // safe because desired_config is written from SpokeConfig only
        const v = await azure.getVirtualNetwork(c.resourceGroup, c.names.vnet, o);
        return [r.id, peeringData(v?.peerings.find((p) => p.name === c.names.spokeToHubPeering))] as const;
      }),
    );
    const health: Health =
      gw && gw.backendAddressPools.length
        ? await readHealth(azure, hub, prev, opts.now(), opts.healthMs, o)
        : { health: null, health_read_at: prev?.health_read_at ?? null, health_error: null };
    return {
      vnet: vnet
        ? {
            id: vnet.id,
            location: vnet.location,
            address_prefixes: vnet.addressPrefixes,
            peerings: vnet.peerings.map((p) => peeringData(p)).filter((p) => p !== null),
          }
        : null,
      gateway: gw
        ? {
            name: gw.name,
            id: gw.id,
            provisioning_state: gw.provisioningState ?? null,
            operational_state: gw.operationalState ?? null,
            sku: gw.skuName ?? null,
            pools: gw.backendAddressPools.map((p) => ({
              name: p.name,
              addresses: p.addresses.map((a) => a.ipAddress ?? a.fqdn ?? "").filter(Boolean),
            })),
            listeners: gw.httpListeners.map((l) => ({ name: l.name, host_names: l.hostNames })),
            rules: gw.requestRoutingRules.map((r) => ({ name: r.name, priority: r.priority ?? null })),
          }
        : null,
      ...health,
      spoke_sides: Object.fromEntries(sides),
    };
  };
}
