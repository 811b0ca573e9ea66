/**
 * getTopology: the hub VNet, its gateway and every spoke the actor may see, with both peering
 * directions and the gateway's backend health, read live from Azure. Ownership lives here too:
 * gateway entries and hub peerings of spokes the actor cannot see are left out, so the picture
 * never names another user's client.
 */
import { and, eq, isNull } from "drizzle-orm";
import { spokes } from "@/db/schema";
import type { AgwNames } from "@/lib/network/resource-names";
import { hubKey, type SpokeConfig } from "@/lib/orchestrator/spoke-config";
import type { SpokeCtx } from "./context";
import { hubRef } from "./plan-spoke";

const TIMEOUT_MS = 5_000;

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
  azure_error: string | null;
  read_at: string;
}

type Row = typeof spokes.$inferSelect;

async function withTimeout<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    return await fn(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

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
  const base: Topology = {
    hub: { vnet_name: ctx.hub.hubVnetName, resource_group: ctx.hub.hubResourceGroup, address_prefixes: [], location: ctx.hub.location, id: null },
    gateway: null,
    spokes: [],
    azure_error: null,
    read_at: new Date().toISOString(),
  };
  try {
    return await withTimeout((signal) => read(ctx, visible, mayShow, entryOwner, base, signal));
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const why = e.code ? `${e.code}: ${e.message}` : `Azure did not answer: ${e.message ?? String(err)}`;
    return { ...base, spokes: visible.map((s) => spokeNode(s, undefined, undefined, null, null)), azure_error: why };
  }
}

function spokeNode(s: Row, hubSide: TopologyPeering | undefined, spokeSide: TopologyPeering | undefined, health: string | null, address: string | null): TopologySpoke {
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
  };
}

async function read(
  ctx: SpokeCtx,
  visible: Row[],
  mayShow: (name: string) => boolean,
  entryOwner: Map<string, Row>,
  base: Topology,
  signal: AbortSignal,
): Promise<Topology> {
  const o = { signal };
  const [hub, gw] = await Promise.all([
    ctx.azure.getVirtualNetwork(ctx.hub.hubResourceGroup, ctx.hub.hubVnetName, o),
    ctx.azure.getApplicationGateway(ctx.hub.hubResourceGroup, ctx.hub.gatewayName, o),
  ]);
  const [spokeVnets, health] = await Promise.all([
    Promise.all(visible.map((s) => ctx.azure.getVirtualNetwork(s.resourceGroup, (s.desiredConfig as SpokeConfig).names.vnet, o).catch(() => undefined))),
    gw && visible.length ? ctx.azure.getBackendHealth(ctx.hub.hubResourceGroup, ctx.hub.gatewayName, o).catch(() => null) : Promise.resolve(null),
  ]);
  const peering = (p: { name: string; peeringState?: string; peeringSyncLevel?: string } | undefined): TopologyPeering | undefined =>
    p ? { name: p.name, state: p.peeringState ?? null, sync_level: p.peeringSyncLevel ?? null } : undefined;
  const spokeNodes = visible.map((s, i) => {
    const c = s.desiredConfig as SpokeConfig;
    const hubSide = peering(hub?.peerings.find((p) => p.name === c.names.hubToSpokePeering));
    const spokeSide = peering(spokeVnets[i]?.peerings.find((p) => p.name === c.names.spokeToHubPeering));
    const poolAddr = gw?.backendAddressPools.find((p) => p.name === c.names.agw.backendPool)?.addresses[0]?.ipAddress ?? null;
    const servers = health?.pools.find((p) => p.poolName === c.names.agw.backendPool)?.settings.flatMap((x) => x.servers) ?? [];
    const h = servers.find((x) => x.address === poolAddr)?.health ?? servers[0]?.health ?? (poolAddr && health ? "Unknown" : null);
    return spokeNode(s, hubSide, spokeSide, h, poolAddr);
  });
  const tag = (name: string) => entryOwner.get(name)?.spokeNumber ?? null;
  return {
    ...base,
    hub: { ...base.hub, address_prefixes: hub?.addressPrefixes ?? [], id: hub?.id ?? null, location: hub?.location ?? base.hub.location },
    gateway: gw
      ? {
          name: gw.name,
          id: gw.id,
          provisioning_state: gw.provisioningState ?? null,
          operational_state: gw.operationalState ?? null,
          sku: gw.skuName ?? null,
          pools: gw.backendAddressPools.filter((p) => mayShow(p.name)).map((p) => ({ name: p.name, detail: p.addresses.map((a) => a.ipAddress ?? a.fqdn).join(", ") || "empty", spoke_id: tag(p.name) })),
          listeners: gw.httpListeners.filter((l) => mayShow(l.name)).map((l) => ({ name: l.name, detail: l.hostNames.join(", ") || "any host", spoke_id: tag(l.name) })),
          rules: gw.requestRoutingRules.filter((r) => mayShow(r.name)).map((r) => ({ name: r.name, detail: `priority ${r.priority ?? "–"}`, spoke_id: tag(r.name) })),
        }
      : null,
    spokes: spokeNodes,
  };
}
