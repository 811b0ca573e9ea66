/**
 * Refuses, at plan and create time, gateway entry names a spoke may not have: one another live
 * spoke of the hub already has, or one that exists on the hub gateway and belongs to no spoke
 * (the hub's defaults, entries made by hand). The database's unique indexes settle races between
 * two creates; the reconciler refuses anything that slips past both (see README, Security).
 */
import { and, eq, isNull } from "drizzle-orm";
import { gatewayOwnedEntries, spokes } from "@/db/schema";
import { nameFromId } from "@/lib/azure/ids";
import { AppError } from "@/lib/errors";
import { AGW_ENTRY_KINDS, type AgwEntryKind } from "@/lib/network/gateway-entries";
import { entryLabel, spokeEntryNames } from "@/lib/network/gateway-ownership";
import { gatewayRoom, LIMITED_KINDS, type GatewayRoom, type LimitedKind } from "@/lib/network/gateway-limits";
import { hubKey, type SpokeConfig } from "@/lib/ledger/spoke-config";
import type { SpokeCtx } from "./context";

/** The request field a name came from, so the message points at what to change. */
const FIELD: Record<AgwEntryKind, string> = {
  backendPools: "application_gateway.backend_pool_name",
  backendHttpSettings: "client_name",
  listeners: "client_name",
  rules: "application_gateway.routing_rule_name",
  probes: "client_name",
};

/** The unique index (db/schema.ts) that guards each kind, for mapping a lost race to a message. */
export const AGW_NAME_INDEX: Record<string, AgwEntryKind> = {
  spokes_live_agw_backendPool_uq: "backendPools",
  spokes_live_agw_httpSettings_uq: "backendHttpSettings",
  spokes_live_agw_listener_uq: "listeners",
  spokes_live_agw_routingRule_uq: "rules",
};

export function gatewayNameConflict(kind: AgwEntryKind, name: string, why: string): AppError {
  const message = `${FIELD[kind]}: the hub gateway's ${entryLabel(kind, name)} ${why}; choose another name`;
  return new AppError("conflict", message, { details: [{ path: FIELD[kind], message }] });
}

type Names = Partial<Record<AgwEntryKind, string>>;

const same = (a: string | undefined, b: string) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();

async function namesOfLiveSpokes(ctx: SpokeCtx, hub: string): Promise<Names[]> {
  const rows = await ctx.db
    .select({ agw: spokes.agw })
    .from(spokes)
    .where(and(eq(spokes.hub, hub), isNull(spokes.deletedAt)));
  // safe because `agw` is written from AgwNames by createSpoke (older rows may lack fields: they then match nothing)
  return rows.map((r) => spokeEntryNames(r.agw as Parameters<typeof spokeEntryNames>[0]));
}

type GatewayNames = Record<AgwEntryKind, string[]> & { activeListeners: string[] };

async function gatewayNames(ctx: SpokeCtx): Promise<GatewayNames> {
  let gw;
  try {
    gw = await ctx.azure.getApplicationGateway(ctx.hub.hubResourceGroup, ctx.hub.gatewayName);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    throw new AppError(
      "unavailable",
      `Azure could not be reached to check the gateway's entry names: ${e.code ?? "Error"}: ${e.message ?? String(err)}`,
      { retryAfterSeconds: 5 },
    );
  }
  if (!gw)
    throw new AppError(
      "unavailable",
      `Application Gateway ${ctx.hub.gatewayName} was not found in ${ctx.hub.hubResourceGroup}`,
      { retryAfterSeconds: 5 },
    );
  const used = new Set(gw.requestRoutingRules.map((r) => nameFromId(r.httpListenerId).toLowerCase()));
  return {
    backendPools: gw.backendAddressPools.map((p) => p.name),
    backendHttpSettings: gw.backendHttpSettings.map((s) => s.name),
    listeners: gw.httpListeners.map((l) => l.name),
    rules: gw.requestRoutingRules.map((r) => r.name),
    probes: gw.probes.map((p) => p.name),
    activeListeners: gw.httpListeners.filter((l) => used.has(l.name.toLowerCase())).map((l) => l.name),
  };
}

/** Per limited kind, the gateway's entries no live spoke owns (hub defaults, hand-made, leftovers). */
function foreignCounts(onGateway: GatewayNames, live: Names[]): Record<LimitedKind, number> {
  const counts = {} as Record<LimitedKind, number>;
  for (const kind of LIMITED_KINDS) {
    const present = kind === "listeners" ? onGateway.activeListeners : onGateway[kind];
    counts[kind] = present.filter((n) => !live.some((names) => same(names[kind], n))).length;
  }
  return counts;
}

/**
 * Throws a 409 naming the first entry name this spoke may not have. Returns the gateway's room for
 * spokes (Azure's entry limits) from the same read; createSpoke enforces it when it records the spoke.
 */
export async function assertGatewayNamesFree(ctx: SpokeCtx, config: SpokeConfig): Promise<GatewayRoom> {
  const hub = hubKey(config.hub);
  const wanted = spokeEntryNames(config.names.agw);
  const live = await namesOfLiveSpokes(ctx, hub);
  for (const kind of AGW_ENTRY_KINDS) {
    const name = wanted[kind];
    if (name && live.some((names) => same(names[kind], name)))
      throw gatewayNameConflict(kind, name, "is already used by another spoke");
  }
  const [onGateway, ledger] = await Promise.all([
    gatewayNames(ctx),
    ctx.db.select().from(gatewayOwnedEntries).where(eq(gatewayOwnedEntries.hub, hub)),
  ]);
  for (const kind of AGW_ENTRY_KINDS) {
    const name = wanted[kind];
    if (!name || !onGateway[kind].some((n) => same(n, name))) continue;
    const owned = ledger.some((o) => o.kind === kind && same(o.nameKey, name));
    throw gatewayNameConflict(
      kind,
      name,
      owned
        ? "is still being removed for an earlier spoke"
        : "exists and belongs to no spoke (a hub default or made by hand)",
    );
  }
  return gatewayRoom(foreignCounts(onGateway, live));
}
