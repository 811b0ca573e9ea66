/**
 * getHubStatus (admin): the gateway single writer's state (desired vs applied generation, last
 * error, PUT count), how much of the spoke address pool is in use, and what Azure says of the
 * gateway from the hub's shared live snapshot (never a call to Azure while answering).
 */
import { and, count, eq, isNull } from "drizzle-orm";
import { gatewayState, spokes } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { parseAddressPool } from "@/lib/network/address-allocation";
import type { LiveMeta } from "@/lib/live/engine";
import type { HubData } from "@/lib/live/hub-reader";
import { hubSnapshot } from "@/lib/live/views";
import { formatCidr } from "@/lib/network/cidr";
import { AGW_ENTRY_LIMITS } from "@/lib/network/gateway-limits";
import { hubKey } from "@/lib/ledger/spoke-config";
import type { SpokeCtx } from "@/lib/spokes/context";
import { hubRef } from "@/lib/spokes/plan-spoke";
import { requireAdmin } from "@/lib/auth/require-admin";

export interface HubStatus {
  hub: string;
  resource_group: string;
  vnet_name: string;
  gateway_name: string;
  location: string;
  gateway: {
    desired_generation: number;
    applied_generation: number;
    in_sync: boolean;
    last_put_at: string | null;
    last_error: string | null;
    last_error_code: string | null;
    put_count: number;
  };
  pool: { address_space: string; prefix_length: number; capacity: number; used: number; free: number };
  spokes_by_status: Record<string, number>;
  /** The gateway as Azure reported it in the hub snapshot, with the snapshot's age. */
  azure: {
    provisioning_state: string | null;
    operational_state: string | null;
    backends: Record<string, number>;
    backend_health_read_at: string | null;
    /**
     * Backend pools on the gateway against Azure's limit (the one a spoke's entries reach first), and
     * how many spokes the gateway can hold: the limit less the pools no live spoke owns.
     */
    backend_pools: { used: number | null; limit: number; spoke_places: number | null };
    live: LiveMeta;
  };
}

function azureView(data: HubData | null, live: LiveMeta, livePools: string[]): HubStatus["azure"] {
  const backends: Record<string, number> = {};
  for (const s of (data?.health ?? []).flatMap((p) => p.servers)) backends[s.health] = (backends[s.health] ?? 0) + 1;
  return {
    provisioning_state: data?.gateway?.provisioning_state ?? null,
    operational_state: data?.gateway?.operational_state ?? null,
    backends,
    backend_health_read_at: data?.health_read_at ?? null,
    backend_pools: backendPools(data, livePools),
    live,
  };
}

function backendPools(data: HubData | null, livePools: string[]): HubStatus["azure"]["backend_pools"] {
  const limit = AGW_ENTRY_LIMITS.backendPools;
  const pools = data?.gateway?.pools;
  if (!pools) return { used: null, limit, spoke_places: null };
  const owned = new Set(livePools.map((n) => n.toLowerCase()));
  const foreign = pools.filter((p) => !owned.has(p.name.toLowerCase())).length;
  return { used: pools.length, limit, spoke_places: Math.max(0, limit - foreign) };
}

export async function getHubStatus({
  ctx,
}: {
  ctx: Pick<SpokeCtx, "actor" | "db" | "hub" | "azure" | "live">;
}): Promise<HubStatus> {
  requireAdmin(ctx.actor);
  const key = hubKey(hubRef(ctx));
  const pool = parseAddressPool(ctx.hub.addressSpace, ctx.hub.prefixLength);
  if (!pool.ok) throw new AppError("internal", `SPOKE_ADDRESS_SPACE is invalid: ${pool.error}`);
  const [[state], byStatus, snap, liveAgw] = await Promise.all([
    ctx.db.select().from(gatewayState).where(eq(gatewayState.hub, key)).limit(1),
    ctx.db
      .select({ status: spokes.status, n: count() })
      .from(spokes)
      .where(and(eq(spokes.hub, key), isNull(spokes.deletedAt)))
      .groupBy(spokes.status),
    hubSnapshot(ctx, hubRef(ctx)),
    ctx.db
      .select({ agw: spokes.agw })
      .from(spokes)
      .where(and(eq(spokes.hub, key), isNull(spokes.deletedAt))),
  ]);
  // safe because `agw` is written from AgwNames by createSpoke
  const livePools = liveAgw.map((r) => (r.agw as { backendPool?: string } | null)?.backendPool ?? "").filter(Boolean);
  const used = byStatus.reduce((sum, r) => sum + Number(r.n), 0);
  const desired = state?.desiredGeneration ?? 0;
  const applied = state?.appliedGeneration ?? 0;
  return {
    hub: key,
    resource_group: ctx.hub.hubResourceGroup,
    vnet_name: ctx.hub.hubVnetName,
    gateway_name: ctx.hub.gatewayName,
    location: ctx.hub.location,
    gateway: {
      desired_generation: desired,
      applied_generation: applied,
      in_sync: applied >= desired,
      last_put_at: state?.lastPutAt?.toISOString() ?? null,
      last_error: state?.lastError ?? null,
      last_error_code: state?.lastErrorCode ?? null,
      put_count: state?.putCount ?? 0,
    },
    pool: {
      address_space: formatCidr(pool.pool.space),
      prefix_length: pool.pool.prefixLength,
      capacity: pool.pool.maxSpokeNumber,
      used,
      free: pool.pool.maxSpokeNumber - used,
    },
    spokes_by_status: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
    azure: azureView(snap.data, snap.meta, livePools),
  };
}
