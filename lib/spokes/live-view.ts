/**
 * The live Azure view of a spoke for GET /api/spokes/{id} (the original's `exists`, `vnet`, `vm`,
 * `agw`), composed from the spoke's and its hub's shared snapshots: answering never calls Azure.
 * `live` says how old the snapshots are; `live_error` why the last read failed, never a 500.
 */
import type { LiveMeta } from "@/lib/live/engine";
import type { HubData } from "@/lib/live/hub-reader";
import type { SpokeData } from "@/lib/live/spoke-reader";
import { hubSnapshot, spokeSnapshot, type LiveCtx } from "@/lib/live/views";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";

export interface LiveView {
  exists: boolean;
  vnet: Record<string, unknown> | null;
  vm: Record<string, unknown> | null;
  agw: Record<string, unknown> | null;
  live_error?: string;
  /** The older of the two snapshots the view is made of (spoke, hub). */
  live: LiveMeta;
}

function combine(a: LiveMeta, b: LiveMeta): LiveMeta {
  const older = a.read_at === null || (b.read_at !== null && a.read_at < b.read_at) ? a : b;
  return { ...older, refreshing: a.refreshing || b.refreshing, error: a.error ?? b.error };
}

function agwView(c: SpokeConfig, hub: HubData, privateIp: string | null): Record<string, unknown> | null {
  const gw = hub.gateway;
  if (!gw) return null;
  const pool = gw.pools.find((p) => p.name === c.names.agw.backendPool);
  const rule = gw.rules.find((r) => r.name === c.names.agw.routingRule);
  let health: string | null = null;
  if (pool && hub.health) {
    const servers = hub.health.find((p) => p.pool === pool.name)?.servers ?? [];
    health = servers.find((s) => s.address === privateIp)?.health ?? "Unknown";
  }
  return {
    name: gw.name,
    backend_pool_configured: Boolean(pool),
    backend_pool_name: c.names.agw.backendPool,
    backend_addresses: pool?.addresses ?? [],
    routing_rule_configured: Boolean(rule),
    routing_rule_name: c.names.agw.routingRule,
    priority: rule?.priority ?? null,
    host_name: c.names.agw.hostName,
    backend_health: health,
    backend_health_read_at: hub.health_read_at,
  };
}

export function composeLiveView(
  c: SpokeConfig,
  spoke: SpokeData | null,
  hub: HubData | null,
  meta: LiveMeta,
): LiveView {
  const error = meta.error ? { live_error: meta.error } : {};
  if (!spoke || !hub) return { exists: false, vnet: null, vm: null, agw: null, ...error, live: meta };
  const hubSide = hub.vnet?.peerings.find((p) => p.name === c.names.hubToSpokePeering) ?? null;
  const v = spoke.vnet;
  return {
    exists: Boolean(v || spoke.vm),
    vnet: v
      ? {
          name: v.name,
          id: v.id,
          location: v.location,
          address_space: v.address_space,
          provisioning_state: v.provisioning_state,
          tags: v.tags,
          subnets: v.subnets,
          peerings: { hub_to_spoke: hubSide, spoke_to_hub: v.spoke_to_hub },
        }
      : null,
    vm: spoke.vm ? { ...spoke.vm, private_ip: spoke.private_ip } : null,
    agw: agwView(c, hub, spoke.private_ip),
    ...error,
    live: meta,
  };
}

export async function liveView(ctx: LiveCtx, spokeUuid: string, config: SpokeConfig): Promise<LiveView> {
  const [spoke, hub] = await Promise.all([spokeSnapshot(ctx, spokeUuid, config), hubSnapshot(ctx, config.hub)]);
  return composeLiveView(config, spoke.data, hub.data, combine(spoke.meta, hub.meta));
}
