/**
 * The orphan report (issue 13): what is in Azure but owned by no live spoke. Three reads: the
 * subscription's resources (with tags), the hub VNet (its peerings) and the hub gateway.
 * - resources tagged managed-by=hub-spoke-console whose spoke-id names no live spoke in their group;
 * - hub peerings whose remote VNet is gone;
 * - gateway entries with our naming (`-pool`, `-http`, `-listener`, `-route`) that no live spoke owns
 *   (ownership ledger, spokes' names, pending wishes); hub defaults never.
 */
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { gatewayEntries, gatewayOwnedEntries, spokes } from "@/db/schema";
import { nameFromId } from "@/lib/azure/ids";
import { withArmPriority } from "@/lib/azure/priority";
import type { AzureGateway, ResourceSummary } from "@/lib/azure/types";
import { AGW_ENTRY_KINDS, type AgwEntryKind, type SpokeGatewayEntry } from "@/lib/network/gateway-entries";
import { MANAGED_BY_TAG_VALUE, TAG_KEYS } from "@/lib/network/resource-names";
import { hubKey, type HubRef, type SpokeConfig } from "@/lib/ledger/spoke-config";

export type OrphanCategory = "resource" | "hub_peering" | "gateway_entry";

export interface Orphan {
  /** Stable id for cleanup: the ARM id (lower case), or `<gateway id>/<collection>/<name>` for an entry. */
  id: string;
  category: OrphanCategory;
  /** ARM type, or the gateway collection (`backendAddressPools`, …). */
  type: string;
  name: string;
  resource_group: string | null;
  reason: string;
  tags?: Record<string, string>;
  /** For gateway entries: the entry kind the single writer removes. */
  entry_kind?: AgwEntryKind;
}

export interface OrphanReport {
  read_at: string;
  hub: string;
  orphans: Orphan[];
}

/** Our naming per gateway collection (lib/network/resource-names.ts agwNames). */
export const OUR_SUFFIX: Record<AgwEntryKind, string> = {
  backendPools: "-pool",
  backendHttpSettings: "-http",
  listeners: "-listener",
  rules: "-route",
  probes: "-probe",
};
/** The hub's own entries (lib/azure/hub-ensure.ts): never reported, whatever their name. */
export const HUB_DEFAULT_ENTRIES = new Set([
  "defaultpool",
  "defaulthttpsettings",
  "defaultlistener",
  "defaultroutingrule",
]);
export const AGW_COLLECTION: Record<
  AgwEntryKind,
  "backendAddressPools" | "backendHttpSettingsCollection" | "httpListeners" | "requestRoutingRules" | "probes"
> = {
  backendPools: "backendAddressPools",
  backendHttpSettings: "backendHttpSettingsCollection",
  listeners: "httpListeners",
  rules: "requestRoutingRules",
  probes: "probes",
};
const KIND_NOUN: Record<AgwEntryKind, string> = {
  backendPools: "backend pool",
  backendHttpSettings: "HTTP settings",
  listeners: "listener",
  rules: "routing rule",
  probes: "health probe",
};

export interface SweepDeps {
  db: Db;
  azure: AzureGateway;
  hub: HubRef;
}

const rgOf = (id: string) => id.split("/")[4] ?? null;

/** Live spokes of every hub (a tagged resource may belong to another hub's spoke), with their hub key. */
async function liveSpokes(db: Db) {
  const rows = await db
    .select({ id: spokes.id, hub: spokes.hub, number: spokes.spokeNumber, config: spokes.desiredConfig })
    .from(spokes)
    .where(isNull(spokes.deletedAt));
  // safe because desired_config is written from SpokeConfig only
  return rows.map((r) => ({ id: r.id, hub: r.hub, number: r.number, config: r.config as SpokeConfig }));
}

/** Names (lower case, per kind) a live spoke owns or wants on the gateway. */
async function ownedEntryNames(db: Db, hub: HubRef, live: { id: string; config: SpokeConfig }[]): Promise<Set<string>> {
  const liveIds = new Set(live.map((s) => s.id));
  const k = (kind: string, name: string) => `${kind}|${name.toLowerCase()}`;
  const owned = new Set<string>();
  for (const s of live) {
    const a = s.config.names.agw;
    owned
      .add(k("backendPools", a.backendPool))
      .add(k("backendHttpSettings", a.httpSettings))
      .add(k("listeners", a.listener))
      .add(k("rules", a.routingRule));
    if (a.probe) owned.add(k("probes", a.probe));
  }
  const ledger = await db
    .select()
    .from(gatewayOwnedEntries)
    .where(eq(gatewayOwnedEntries.hub, hubKey(hub)));
  for (const r of ledger) if (liveIds.has(r.spokeId)) owned.add(k(r.kind, r.name));
  const wishes = await db
    .select({ entries: gatewayEntries.entries })
    .from(gatewayEntries)
    .where(and(eq(gatewayEntries.hub, hubKey(hub)), isNotNull(gatewayEntries.entries)));
  for (const w of wishes) {
    const n = (w.entries as SpokeGatewayEntry).names; // safe because written only by setDesiredGatewayEntry
    owned
      .add(k("backendPools", n.backendPool))
      .add(k("backendHttpSettings", n.httpSettings))
      .add(k("listeners", n.listener))
      .add(k("rules", n.routingRule));
    if (n.probe) owned.add(k("probes", n.probe));
  }
  return owned;
}

function taggedOrphans(resources: ResourceSummary[], live: { number: number; config: SpokeConfig }[]): Orphan[] {
  const out: Orphan[] = [];
  for (const r of resources) {
    const tags = r.tags ?? {};
    if (tags[TAG_KEYS.managedBy] !== MANAGED_BY_TAG_VALUE) continue;
    const num = tags[TAG_KEYS.spokeId];
    const rg = rgOf(r.id);
    const owner = live.find(
      (s) => String(s.number) === num && s.config.resourceGroup.toLowerCase() === (rg ?? "").toLowerCase(),
    );
    if (owner) continue;
    out.push({
      id: r.id.toLowerCase(),
      category: "resource",
      type: r.type,
      name: r.name,
      resource_group: rg,
      tags,
      reason: num
        ? `tagged for spoke ${num}, which is not a live spoke`
        : "tagged managed-by=hub-spoke-console with no spoke-id",
    });
  }
  return out;
}

export async function findOrphans(deps: SweepDeps): Promise<OrphanReport> {
  const { azure, hub } = deps;
  const [resources, hubVnet, gw] = await withArmPriority("view", () =>
    Promise.all([
      azure.listSubscriptionResources(),
      azure.getVirtualNetwork(hub.resourceGroup, hub.vnetName),
      azure.getApplicationGateway(hub.resourceGroup, hub.gatewayName),
    ]),
  );
  const live = await liveSpokes(deps.db);
  const orphans = taggedOrphans(resources, live);
  const subscription = `/subscriptions/${azure.subscriptionId}/`.toLowerCase();
  const vnets = new Set(
    resources
      .filter((r) => r.type.toLowerCase() === "microsoft.network/virtualnetworks")
      .map((r) => r.id.toLowerCase()),
  );
  for (const p of hubVnet?.peerings ?? []) {
    const remote = p.remoteVirtualNetworkId?.toLowerCase();
    // A remote in another subscription cannot be seen from here: never called gone.
    if (remote && (vnets.has(remote) || !remote.startsWith(subscription))) continue;
    orphans.push({
      id: p.id.toLowerCase(),
      category: "hub_peering",
      type: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
      name: p.name,
      resource_group: hub.resourceGroup,
      reason: `its remote VNet ${nameFromId(p.remoteVirtualNetworkId) || "(none)"} no longer exists (peering ${p.peeringState ?? "unknown"})`,
    });
  }
  if (gw) {
    const owned = await ownedEntryNames(
      deps.db,
      hub,
      live.filter((s) => s.hub === hubKey(hub)),
    );
    const entries: Record<AgwEntryKind, { name: string }[]> = {
      backendPools: gw.backendAddressPools,
      backendHttpSettings: gw.backendHttpSettings,
      listeners: gw.httpListeners,
      rules: gw.requestRoutingRules,
      probes: gw.probes,
    };
    for (const kind of AGW_ENTRY_KINDS) {
      for (const e of entries[kind]) {
        const lower = e.name.toLowerCase();
        if (HUB_DEFAULT_ENTRIES.has(lower) || !lower.endsWith(OUR_SUFFIX[kind]) || owned.has(`${kind}|${lower}`))
          continue;
        orphans.push({
          id: `${gw.id}/${AGW_COLLECTION[kind]}/${e.name}`.toLowerCase(),
          category: "gateway_entry",
          type: AGW_COLLECTION[kind],
          name: e.name,
          resource_group: hub.resourceGroup,
          entry_kind: kind,
          reason: `named like a spoke's ${KIND_NOUN[kind]} and owned by no live spoke`,
        });
      }
    }
  }
  return { read_at: new Date().toISOString(), hub: hubKey(hub), orphans };
}
