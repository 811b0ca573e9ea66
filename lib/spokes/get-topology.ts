/**
 * getTopology: the hub VNet, its gateway and every spoke the actor may see, with both peering
 * directions and the gateway's backend health, from the hub's shared live snapshot (never a call
 * to Azure while answering; the answer says how old the snapshot is). Ownership lives here too:
 * gateway entries and hub peerings of spokes the actor cannot see are left out, so the picture
 * never names another user's client.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { spokeDrift, spokes } from "@/db/schema";
import type { DriftStatus } from "@/lib/drift/types";
import type { AgwNames } from "@/lib/network/resource-names";
import { hubKey, type SpokeConfig } from "@/lib/ledger/spoke-config";
import type { LiveMeta } from "@/lib/live/engine";
import type { HubData, PeeringData } from "@/lib/live/hub-reader";
import { hubSnapshot } from "@/lib/live/views";
import type { SpokeCtx } from "./context";
import { hubRef } from "./plan-spoke";

export interface TopologyPeering {
  name: string;
  state: string | null;
  sync_level: string | null;
}

export interface TopologySpoke {
  id: string;
  spoke_id: number;
  client_name: string;
  status: string;
  address_prefix: string;
  vnet_name: string;
  owner_id: string;
  hub_to_spoke: TopologyPeering | null;
  spoke_to_hub: TopologyPeering | null;
  backend_pool: string;
  routing_rule: string;
  host_name: string;
  backend_health: string | null;
  backend_address: string | null;
  /** The last drift check's status (README "Drift and orphan sweep"). */
  drift_status: DriftStatus;
}

export interface TopologyGatewayEntry {
  name: string;
  detail: string;
  spoke_id: number | null;
}

export interface Topology {
  hub: { vnet_name: string; resource_group: string; address_prefixes: string[]; location: string; id: string | null };
  gateway: {
    name: string;
    id: string | null;
    provisioning_state: string | null;
    operational_state: string | null;
    sku: string | null;
    pools: TopologyGatewayEntry[];
    listeners: TopologyGatewayEntry[];
    rules: TopologyGatewayEntry[];
  } | null;
  spokes: TopologySpoke[];
  /** Why the last read of Azure failed (the data shown is then the previous good read). */
  azure_error: string | null;
  /** When the snapshot was read from Azure; null while the first read is running. */
  read_at: string | null;
  live: LiveMeta;
}

type Row = typeof spokes.$inferSelect;

function ownerOfEntry(all: Row[]) {
  const byName = new Map<string, Row>();
  for (const s of all) {
    const n = s.agw as AgwNames;
    for (const name of [n.backendPool, n.httpSettings, n.listener, n.routingRule]) byName.set(name, s);
  }
  return byName;
}

export async function getTopology({ ctx }: { ctx: SpokeCtx }): Promise<Topology> {
  const live = await ctx.db
    .select()
    .from(spokes)
    .where(and(eq(spokes.hub, hubKey(hubRef(ctx))), isNull(spokes.deletedAt)));
  const visible = ctx.actor.role === "admin" ? live : live.filter((s) => s.ownerId === ctx.actor.id);
  const visibleIds = new Set(visible.map((s) => s.id));
  const entryOwner = ownerOfEntry(live);
  const mayShow = (name: string) => {
    const owner = entryOwner.get(name);
    return !owner || visibleIds.has(owner.id);
  };
  const snap = await hubSnapshot(ctx, hubRef(ctx));
  const base: Topology = {
    hub: {
      vnet_name: ctx.hub.hubVnetName,
      resource_group: ctx.hub.hubResourceGroup,
      address_prefixes: [],
      location: ctx.hub.location,
      id: null,
    },
    gateway: null,
    spokes: [],
    azure_error: snap.meta.error,
    read_at: snap.meta.read_at,
    live: snap.meta,
  };
  const topology = snap.data
    ? fromSnapshot(snap.data, visible, mayShow, entryOwner, base)
    : { ...base, spokes: visible.map((s) => spokeNode(s, undefined, undefined, null, null)) };
  const drift = visible.length
    ? await ctx.db
        .select({ id: spokeDrift.spokeId, status: spokeDrift.status })
        .from(spokeDrift)
        .where(
          inArray(
            spokeDrift.spokeId,
            visible.map((s) => s.id),
          ),
        )
    : [];
  const byId = new Map(drift.map((d) => [d.id, d.status as DriftStatus]));
  return { ...topology, spokes: topology.spokes.map((s) => ({ ...s, drift_status: byId.get(s.id) ?? "unknown" })) };
}

function spokeNode(
  s: Row,
  hubSide: TopologyPeering | undefined,
  spokeSide: TopologyPeering | undefined,
  health: string | null,
  address: string | null,
): TopologySpoke {
  const c = s.desiredConfig as SpokeConfig;
  return {
    id: s.id,
    spoke_id: s.spokeNumber,
    client_name: s.clientName,
    status: s.status,
    address_prefix: s.addressPrefix,
    vnet_name: c.names.vnet,
    owner_id: s.ownerId,
    hub_to_spoke: hubSide ?? null,
    spoke_to_hub: spokeSide ?? null,
    backend_pool: c.names.agw.backendPool,
    routing_rule: c.names.agw.routingRule,
    host_name: c.names.agw.hostName,
    backend_health: health,
    backend_address: address,
    drift_status: "unknown",
  };
}

function fromSnapshot(
  data: HubData,
  visible: Row[],
  mayShow: (name: string) => boolean,
  entryOwner: Map<string, Row>,
  base: Topology,
): Topology {
  const hub = data.vnet;
  const gw = data.gateway;
  const health = data.health;
  const peering = (p: PeeringData | null | undefined): TopologyPeering | undefined =>
    p ? { name: p.name, state: p.state, sync_level: p.sync_level } : undefined;
  const spokeNodes = visible.map((s) => {
    const c = s.desiredConfig as SpokeConfig;
    const hubSide = peering(hub?.peerings.find((p) => p.name === c.names.hubToSpokePeering));
    const spokeSide = peering(data.spoke_sides[s.id]);
    const poolAddr = gw?.pools.find((p) => p.name === c.names.agw.backendPool)?.addresses[0] ?? null;
    const servers = health?.find((p) => p.pool === c.names.agw.backendPool)?.servers ?? [];
    const h =
      servers.find((x) => x.address === poolAddr)?.health ??
      servers[0]?.health ??
      (poolAddr && health ? "Unknown" : null);
    return spokeNode(s, hubSide, spokeSide, h, poolAddr);
  });
  const tag = (name: string) => entryOwner.get(name)?.spokeNumber ?? null;
  return {
    ...base,
    hub: {
      ...base.hub,
      address_prefixes: hub?.address_prefixes ?? [],
      id: hub?.id ?? null,
      location: hub?.location ?? base.hub.location,
    },
    gateway: gw
      ? {
          name: gw.name,
          id: gw.id,
          provisioning_state: gw.provisioning_state,
          operational_state: gw.operational_state,
          sku: gw.sku,
          pools: gw.pools
            .filter((p) => mayShow(p.name))
            .map((p) => ({ name: p.name, detail: p.addresses.join(", ") || "empty", spoke_id: tag(p.name) })),
          listeners: gw.listeners
            .filter((l) => mayShow(l.name))
            .map((l) => ({ name: l.name, detail: l.host_names.join(", ") || "any host", spoke_id: tag(l.name) })),
          rules: gw.rules
            .filter((r) => mayShow(r.name))
            .map((r) => ({ name: r.name, detail: `priority ${r.priority ?? "–"}`, spoke_id: tag(r.name) })),
        }
      : null,
    spokes: spokeNodes,
  };
}
