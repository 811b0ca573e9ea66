/**
 * The what-if of a teardown (POST /api/spokes/{id}/teardown/plan): reads live Azure (seven reads
 * at the budget's `view` priority) and lists every resource the teardown workflow would delete
 * (ARCHITECTURE.md §5.2) with its current properties — the VM, its OS disk and NIC, both peering
 * sides, the VNet and its subnets, the spoke's gateway entries exactly as the single writer's
 * merged PUT would remove them (§7), tagged leftovers verify_cleanup would force-delete — and the
 * address range it releases; what is already gone; and what stays (resources that are not this
 * spoke's, the hub's default gateway entries, other spokes' entries and peerings). It applies the
 * teardown steps' own ownership rules (tags, the hub peering's remote VNet, the disk's owner, the
 * gateway ledger). Reads only.
 */
import { eq } from "drizzle-orm";
import { deployments, gatewayEntries } from "@/db/schema";
import { armIds, nameFromIdOrNull } from "@/lib/azure/ids";
import { withArmPriority } from "@/lib/azure/priority";
import type {
  ApplicationGatewayView,
  DiskInfo,
  NetworkInterfaceInfo,
  PeeringInfo,
  ResourceSummary,
  VirtualMachineInfo,
  VirtualNetworkInfo,
} from "@/lib/azure/types";
import { AppError } from "@/lib/errors";
import { hubKey, type SpokeConfig } from "@/lib/ledger/spoke-config";
import { AGW_ENTRY_KINDS, type AgwEntryKind } from "@/lib/network/gateway-entries";
import { planGatewayUpdate, spokeEntryList, type OwnedEntry, type SpokeWish } from "@/lib/network/gateway-ownership";
import { isTaggedForSpoke, TAG_KEYS } from "@/lib/network/resource-names";
import { fromAzure, frontendOf } from "@/lib/orchestrator/gateway/adapter";
import { readLedger, toWish } from "@/lib/orchestrator/gateway/ledger";
import { gatewayNames } from "@/lib/orchestrator/steps/gateway-steps";
import type { TeardownStepKey } from "@/lib/orchestrator/workflows";
import { limits, rateLimit } from "@/lib/rate-limit";
import type { SpokeCtx } from "./context";
import { resolveSpoke, type SpokeRow } from "./resolve";

export interface TeardownResource {
  /** ARM id (a gateway entry: the gateway's id + collection + name). */
  resource: string;
  /** ARM resource type, e.g. Microsoft.Compute/virtualMachines. */
  type: string;
  name: string;
  /** The teardown step that deletes it (or would have). */
  step: TeardownStepKey;
  /** What the live properties are now; empty when the resource is gone. */
  properties: Record<string, unknown>;
  /** True for everything the teardown deletes. */
  destructive: boolean;
  note?: string;
}

export interface TeardownPlan {
  id: string;
  spoke_id: number;
  client_name: string;
  status: string;
  read_at: string;
  /** Everything the teardown deletes, in workflow order, each with its live properties. */
  deletes: TeardownResource[];
  /** Resources of the spoke that are not in Azure any more (nothing to delete). */
  already_gone: TeardownResource[];
  /** What the teardown does not touch. */
  left_alone: {
    /** Named like this spoke's but not this console's for it (tags, ledger, owner): left in place. */
    resources: TeardownResource[];
    /** Entries on the hub's gateway the merged PUT keeps. */
    gateway_entries: { hub_defaults: number; other_spokes: number };
    /** Other peerings of the hub VNet (other spokes, hand-made ones). */
    hub_peerings: number;
  };
  /** The merged gateway PUT the single writer would send: this spoke's removals, and other pending changes it carries. */
  gateway: {
    put: boolean;
    removes: string[];
    other_changes: { kind: string; name: string; action: string }[];
    note?: string;
  };
  /** The address range (and spoke number, client name) the teardown frees once verify_cleanup passed. */
  releases: { address_prefix: string; spoke_number: number; client_name: string };
  destructive: boolean;
  /** Why DELETE would be refused now (a deployment in progress), else null. */
  blocked: string | null;
  /** DELETE may carry `confirm` equal to `phrase` (the spoke's client name); a wrong one is 409 confirmation_required. */
  confirmation: { required: true; phrase: string };
}

interface Observed {
  vm?: VirtualMachineInfo;
  disk?: DiskInfo;
  nic?: NetworkInterfaceInfo;
  vnet?: VirtualNetworkInfo;
  hubVnet?: VirtualNetworkInfo;
  gateway?: ApplicationGatewayView;
  tagged: ResourceSummary[];
}

const T = {
  vm: "Microsoft.Compute/virtualMachines",
  disk: "Microsoft.Compute/disks",
  nic: "Microsoft.Network/networkInterfaces",
  vnet: "Microsoft.Network/virtualNetworks",
  subnet: "Microsoft.Network/virtualNetworks/subnets",
  peering: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
  agw: "Microsoft.Network/applicationGateways",
} as const;

/** The gateway collection of each entry kind (a kind added later falls back to its own name). */
const COLLECTION: Partial<Record<AgwEntryKind, string>> = {
  backendPools: "backendAddressPools",
  backendHttpSettings: "backendHttpSettingsCollection",
  listeners: "httpListeners",
  rules: "requestRoutingRules",
};
const collectionOf = (kind: AgwEntryKind) => COLLECTION[kind] ?? kind;
const lower = (s: string | undefined) => (s ?? "").toLowerCase();

async function observe(ctx: SpokeCtx, c: SpokeConfig): Promise<Observed> {
  return withArmPriority("view", async () => {
    const [vm, disk, nic, vnet, hubVnet, gateway, tagged] = await Promise.all([
      ctx.azure.getVirtualMachine(c.resourceGroup, c.names.vm),
      ctx.azure.getDisk(c.resourceGroup, c.names.osDisk),
      ctx.azure.getNetworkInterface(c.resourceGroup, c.names.nic),
      ctx.azure.getVirtualNetwork(c.resourceGroup, c.names.vnet),
      ctx.azure.getVirtualNetwork(c.hub.resourceGroup, c.hub.vnetName),
      ctx.azure.getApplicationGateway(c.hub.resourceGroup, c.hub.gatewayName),
      ctx.azure.listResourcesByTag(c.resourceGroup, { name: TAG_KEYS.spokeId, value: String(c.spokeNumber) }),
    ]);
    return { vm, disk, nic, vnet, hubVnet, gateway, tagged };
  });
}

function peeringProps(p: PeeringInfo): Record<string, unknown> {
  return {
    peering_state: p.peeringState ?? null,
    sync_level: p.peeringSyncLevel ?? null,
    remote_vnet: p.remoteVirtualNetworkId ?? null,
    remote_address_space: p.remoteAddressPrefixes,
    allow_forwarded_traffic: p.allowForwardedTraffic,
    allow_gateway_transit: p.allowGatewayTransit,
    use_remote_gateways: p.useRemoteGateways,
  };
}

/** Sorts each resource of the spoke into deletes, already gone or left alone, by the teardown steps' rules. */
class Sorter {
  readonly deletes: TeardownResource[] = [];
  readonly gone: TeardownResource[] = [];
  readonly kept: TeardownResource[] = [];
  add(where: "delete" | "gone" | "keep", r: Omit<TeardownResource, "destructive">) {
    const item = { ...r, properties: where === "gone" ? {} : r.properties, destructive: where === "delete" };
    (where === "delete" ? this.deletes : where === "gone" ? this.gone : this.kept).push(item);
  }
  has(id: string) {
    return [...this.deletes, ...this.gone, ...this.kept].some((r) => lower(r.resource) === lower(id));
  }
}

/** The four gateway entries, as the merged PUT with this spoke's wish set to "remove" would change them. */
async function gatewayPart(
  ctx: SpokeCtx,
  spoke: SpokeRow,
  c: SpokeConfig,
  gw: ApplicationGatewayView | undefined,
  out: Sorter,
) {
  const key = hubKey(c.hub);
  const names = spokeEntryList(gatewayNames(c));
  const gwId =
    gw?.id ??
    armIds.applicationGateway(
      { subscriptionId: ctx.azure.subscriptionId, resourceGroup: c.hub.resourceGroup },
      c.hub.gatewayName,
    );
  const idOf = (kind: AgwEntryKind, name: string) => `${gwId}/${collectionOf(kind)}/${name}`;
  const typeOf = (kind: AgwEntryKind) => `${T.agw}/${collectionOf(kind)}`;
  if (!gw) {
    for (const { kind, name } of names)
      out.add("gone", {
        resource: idOf(kind, name),
        type: typeOf(kind),
        name,
        step: "remove_agw_entries",
        properties: {},
        note: "The hub's gateway was not found",
      });
    return {
      gateway: {
        put: false,
        removes: [],
        other_changes: [],
        note: "The hub's gateway was not found: there is nothing to remove",
      },
      counts: { hub_defaults: 0, other_spokes: 0 },
    };
  }
  const [rows, ledger] = await Promise.all([
    ctx.db.select().from(gatewayEntries).where(eq(gatewayEntries.hub, key)),
    readLedger(ctx.db, key),
  ]);
  const wishes: SpokeWish[] = rows.map(toWish).filter((w) => w.spokeId !== spoke.id);
  wishes.push({ spokeId: spoke.id, names: gatewayNames(c), entry: null });
  const live = fromAzure(gw);
  const plan = planGatewayUpdate(live, wishes, ledger, frontendOf(gw));
  const removed = new Set(
    plan.changes.filter((ch) => ch.action === "removed").map((ch) => `${ch.kind}|${lower(ch.name)}`),
  );
  const owner = new Map(ledger.map((o: OwnedEntry) => [`${o.kind}|${lower(o.name)}`, o.spokeId]));
  const mine = new Set<string>();
  for (const { kind, name } of names) {
    const k = `${kind}|${lower(name)}`;
    mine.add(k);
    const entry = (live[kind] as readonly { name: string }[]).find((e) => lower(e.name) === lower(name)) as
      Record<string, unknown> | undefined;
    const properties = entry
      ? Object.fromEntries(Object.entries(entry).filter(([p]) => p !== "raw" && p !== "name"))
      : {};
    const base = {
      resource: idOf(kind, entry ? String(entry.name) : name),
      type: typeOf(kind),
      name: entry ? String(entry.name) : name,
      step: "remove_agw_entries" as const,
      properties,
    };
    if (!entry) out.add("gone", base);
    else if (removed.has(k))
      out.add("delete", {
        ...base,
        note: "Removed by the merged gateway PUT (the other entries are sent back as read)",
      });
    else
      out.add("keep", {
        ...base,
        note:
          owner.get(k) && owner.get(k) !== spoke.id
            ? "Owned by another spoke in the gateway ledger; left in place"
            : "Not recorded as this spoke's in the gateway ledger (a hub default or made by hand); left in place",
      });
  }
  const counts = { hub_defaults: 0, other_spokes: 0 };
  for (const kind of AGW_ENTRY_KINDS) {
    for (const e of live[kind] as readonly { name: string }[]) {
      const k = `${kind}|${lower(e.name)}`;
      if (mine.has(k)) continue;
      const o = owner.get(k);
      if (o && o !== spoke.id) counts.other_spokes += 1;
      else if (!o) counts.hub_defaults += 1;
    }
  }
  const other = plan.changes
    .filter((ch) => !mine.has(`${ch.kind}|${lower(ch.name)}`))
    .map((ch) => ({ kind: ch.kind, name: ch.name, action: ch.action }));
  return {
    gateway: {
      put: plan.changed,
      removes: plan.changes
        .filter((ch) => mine.has(`${ch.kind}|${lower(ch.name)}`) && ch.action === "removed")
        .map((ch) => ch.name),
      other_changes: other,
    },
    counts,
  };
}

function sortResources(ctx: Pick<SpokeCtx, "azure">, c: SpokeConfig, o: Observed, out: Sorter) {
  const ours = (tags: Record<string, string> | undefined) => isTaggedForSpoke(tags ?? {}, c.spokeNumber);
  const spokeScope = { subscriptionId: ctx.azure.subscriptionId, resourceGroup: c.resourceGroup };
  const hubScope = { subscriptionId: ctx.azure.subscriptionId, resourceGroup: c.hub.resourceGroup };
  const spokeVnetId = armIds.virtualNetwork(spokeScope, c.names.vnet);
  const notOurs = (label: string) =>
    `${label} exists but is not managed by this console for spoke ${c.spokeNumber}; left in place`;

  const vm = o.vm;
  const vmBase = {
    resource: vm?.id ?? armIds.virtualMachine(spokeScope, c.names.vm),
    type: T.vm,
    name: c.names.vm,
    step: "delete_vm" as const,
  };
  if (!vm) out.add("gone", { ...vmBase, properties: {} });
  else {
    const properties = {
      vm_size: vm.vmSize ?? null,
      power_state: vm.powerState,
      provisioning_state: vm.provisioningState ?? null,
      location: vm.location,
      private_ip: o.nic?.privateIpAddress ?? null,
      os_disk: vm.osDiskName ?? null,
      network_interfaces: vm.networkInterfaceIds.map(nameFromIdOrNull),
    };
    if (ours(vm.tags))
      out.add("delete", {
        ...vmBase,
        properties,
        note: vm.powerState === "running" ? "Running now: deleting it ends whatever it serves" : undefined,
      });
    else out.add("keep", { ...vmBase, properties, note: notOurs(`VM ${c.names.vm}`) });
  }

  const disk = o.disk;
  const diskBase = {
    resource: disk?.id ?? armIds.disk(spokeScope, c.names.osDisk),
    type: T.disk,
    name: c.names.osDisk,
    step: "delete_os_disk" as const,
  };
  if (!disk) out.add("gone", { ...diskBase, properties: {} });
  else {
    const properties = {
      disk_state: disk.diskState ?? null,
      managed_by: nameFromIdOrNull(disk.managedBy),
      provisioning_state: disk.provisioningState ?? null,
      location: disk.location,
    };
    const elsewhere = disk.managedBy && !lower(disk.managedBy).endsWith(`/${lower(c.names.vm)}`);
    if (elsewhere || (Object.keys(disk.tags).length > 0 && !ours(disk.tags)))
      out.add("keep", { ...diskBase, properties, note: `Disk ${disk.name} belongs to something else; left in place` });
    else out.add("delete", { ...diskBase, properties });
  }

  const nic = o.nic;
  const nicBase = {
    resource: nic?.id ?? armIds.networkInterface(spokeScope, c.names.nic),
    type: T.nic,
    name: c.names.nic,
    step: "delete_nic" as const,
  };
  if (!nic) out.add("gone", { ...nicBase, properties: {} });
  else {
    const properties = {
      private_ip: nic.privateIpAddress ?? null,
      subnet: nameFromIdOrNull(nic.subnetId),
      virtual_machine: nameFromIdOrNull(nic.virtualMachineId),
      provisioning_state: nic.provisioningState ?? null,
    };
    out.add(ours(nic.tags) ? "delete" : "keep", {
      ...nicBase,
      properties,
      note: ours(nic.tags) ? undefined : notOurs(`NIC ${c.names.nic}`),
    });
  }

  const hubSide = o.hubVnet?.peerings.find((p) => lower(p.name) === lower(c.names.hubToSpokePeering));
  const hubBase = {
    resource: hubSide?.id ?? armIds.peering(hubScope, c.hub.vnetName, c.names.hubToSpokePeering),
    type: T.peering,
    name: c.names.hubToSpokePeering,
    step: "delete_peerings" as const,
  };
  if (!hubSide)
    out.add("gone", { ...hubBase, properties: {}, note: o.hubVnet ? undefined : "The hub VNet was not found" });
  else if (lower(hubSide.remoteVirtualNetworkId) === lower(spokeVnetId))
    out.add("delete", {
      ...hubBase,
      properties: peeringProps(hubSide),
      note: "The hub side, deleted explicitly (deleting the spoke VNet alone would leave it Disconnected)",
    });
  else
    out.add("keep", {
      ...hubBase,
      properties: peeringProps(hubSide),
      note: "The hub's peering of this name points at another VNet; left in place",
    });

  const vnet = o.vnet;
  const vnetOurs = Boolean(vnet && ours(vnet.tags));
  const spokeSide = vnet?.peerings.find((p) => lower(p.name) === lower(c.names.spokeToHubPeering));
  const spokeSideBase = {
    resource: spokeSide?.id ?? armIds.peering(spokeScope, c.names.vnet, c.names.spokeToHubPeering),
    type: T.peering,
    name: c.names.spokeToHubPeering,
    step: "delete_peerings" as const,
  };
  if (!spokeSide) out.add("gone", { ...spokeSideBase, properties: {} });
  else
    out.add(vnetOurs ? "delete" : "keep", {
      ...spokeSideBase,
      properties: peeringProps(spokeSide),
      note: vnetOurs ? undefined : notOurs(`VNet ${c.names.vnet}`),
    });

  const vnetBase = {
    resource: vnet?.id ?? spokeVnetId,
    type: T.vnet,
    name: c.names.vnet,
    step: "delete_vnet" as const,
  };
  if (!vnet) {
    out.add("gone", { ...vnetBase, properties: {} });
    for (const s of c.subnets)
      out.add("gone", {
        resource: armIds.subnet(spokeScope, c.names.vnet, s.name),
        type: T.subnet,
        name: s.name,
        step: "delete_vnet",
        properties: {},
      });
  } else {
    const properties = {
      address_space: vnet.addressPrefixes,
      location: vnet.location,
      provisioning_state: vnet.provisioningState ?? null,
      subnets: vnet.subnets.map((s) => ({ name: s.name, address_prefix: s.addressPrefix ?? null })),
    };
    out.add(vnetOurs ? "delete" : "keep", {
      ...vnetBase,
      properties,
      note: vnetOurs ? undefined : notOurs(`VNet ${c.names.vnet}`),
    });
    for (const s of vnet.subnets) {
      const sp = {
        address_prefix: s.addressPrefix ?? null,
        ip_configurations: s.ipConfigurationIds.length,
        provisioning_state: s.provisioningState ?? null,
      };
      out.add(vnetOurs ? "delete" : "keep", {
        resource: s.id,
        type: T.subnet,
        name: s.name,
        step: "delete_vnet",
        properties: sp,
        note: vnetOurs ? "Deleted with its VNet" : undefined,
      });
    }
  }

  // verify_cleanup lists resources tagged spoke-id=N in the group and force-deletes those it can.
  const deletable = new Set([T.vnet, T.nic, T.vm, T.disk].map(lower));
  for (const r of o.tagged) {
    if (out.has(r.id)) continue;
    const can = deletable.has(lower(r.type));
    out.add(can ? "delete" : "keep", {
      resource: r.id,
      type: r.type,
      name: r.name,
      step: "verify_cleanup",
      properties: { location: r.location },
      note: can
        ? `Tagged spoke-id=${c.spokeNumber} but not made by the workflow: verify_cleanup force-deletes it`
        : `Tagged spoke-id=${c.spokeNumber}; verify_cleanup reports it but cannot delete this type (remove it by hand)`,
    });
  }
}

async function blockedBy(ctx: SpokeCtx, spoke: SpokeRow): Promise<string | null> {
  const active = await ctx.db
    .select({ kind: deployments.kind, status: deployments.status })
    .from(deployments)
    .where(eq(deployments.spokeId, spoke.id));
  const running = active.find((d) => d.status === "queued" || d.status === "running");
  return running
    ? `Spoke ${spoke.spokeNumber} has a ${running.kind} in progress; cancel it or wait for it to finish`
    : null;
}

export async function planTeardown({ ctx, input }: { ctx: SpokeCtx; input: { ref: string } }): Promise<TeardownPlan> {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  if (spoke.deletedAt)
    throw new AppError("conflict", `Spoke ${spoke.spokeNumber} is already ${spoke.status.replace("_", " ")}`);
  // Seven ARM reads a plan: a loop of them would spend the subscription's read budget.
  await rateLimit(ctx.db, `plan:${ctx.actor.id}`, limits(ctx.limits).plan, "plan requests");
  const c = spoke.desiredConfig as SpokeConfig; // safe because only the create and update verbs write it, from validated configurations
  const read_at = new Date().toISOString();
  const observed = await observe(ctx, c);
  const out = new Sorter();
  const { gateway, counts } = await gatewayPart(ctx, spoke, c, observed.gateway, out);
  sortResources(ctx, c, observed, out);
  const hubPeerings = (observed.hubVnet?.peerings ?? []).filter(
    (p) => lower(p.name) !== lower(c.names.hubToSpokePeering),
  ).length;
  return {
    id: spoke.id,
    spoke_id: spoke.spokeNumber,
    client_name: spoke.clientName,
    status: spoke.status,
    read_at,
    deletes: out.deletes,
    already_gone: out.gone,
    left_alone: { resources: out.kept, gateway_entries: counts, hub_peerings: hubPeerings },
    gateway,
    releases: { address_prefix: c.addressPrefix, spoke_number: c.spokeNumber, client_name: c.clientName },
    destructive: out.deletes.length > 0,
    blocked: await blockedBy(ctx, spoke),
    confirmation: { required: true, phrase: spoke.clientName },
  };
}
