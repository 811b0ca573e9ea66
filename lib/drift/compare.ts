/**
 * The pure half of drift detection: desired state (from the spoke's stored config and gateway wish)
 * against what Azure returned. No I/O; every difference carries the create-workflow step that makes the resource, and repairStepOf the update step that re-applies it.
 */
import type {
  ApplicationGatewayView,
  NetworkInterfaceInfo,
  PeeringInfo,
  Tags,
  VirtualMachineInfo,
  VirtualNetworkInfo,
} from "@/lib/azure/types";
import { nameFromIdOrNull } from "@/lib/azure/ids";
import { MANAGED_BY_TAG_VALUE, TAG_KEYS } from "@/lib/network/resource-names";
import { SPOKE_BACKEND_PORT, SPOKE_PROBE_PATH } from "@/lib/network/gateway-entries";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import type { DriftDifference, DriftValue } from "./types";

/** Everything one check read from Azure (undefined: the resource does not exist). */
export interface Observed {
  vnet: VirtualNetworkInfo | undefined;
  nic: NetworkInterfaceInfo | undefined;
  vm: VirtualMachineInfo | undefined;
  hubPeering: PeeringInfo | undefined;
  gateway: ApplicationGatewayView | undefined;
}

export interface Desired {
  config: SpokeConfig;
  /** The hub VNet and spoke VNet ids the peerings must point at. */
  hubVnetId: string;
  spokeVnetId: string;
  /** The backend address the spoke's pool should hold (its gateway wish, else the NIC's address); null: no address. */
  backendIp: string | null;
}

/** Tags every spoke resource carries (deployment-id changes with every deployment and is not compared). */
function expectedTags(c: SpokeConfig): Tags {
  return {
    [TAG_KEYS.managedBy]: MANAGED_BY_TAG_VALUE,
    [TAG_KEYS.spokeId]: String(c.spokeNumber),
    [TAG_KEYS.clientName]: c.clientName,
    [TAG_KEYS.owner]: c.ownerId,
  };
}

const same = (a: string | undefined | null, b: string | undefined | null) =>
  (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

class Diffs {
  readonly list: DriftDifference[] = [];
  add(resource: string, property: string, expected: DriftValue, actual: DriftValue, step: string) {
    this.list.push({ resource, property, expected, actual, step });
  }
  tags(resource: string, want: Tags, have: Tags, step: string) {
    for (const [k, v] of Object.entries(want))
      if (have[k] !== v) this.add(resource, `tags.${k}`, v, have[k] ?? null, step);
  }
}

function compareVnet(d: Diffs, want: Desired, vnet: VirtualNetworkInfo | undefined) {
  const c = want.config;
  const res = `virtualNetworks/${c.names.vnet}`;
  if (!vnet) return d.add(res, "exists", true, false, "create_vnet");
  const space = [...vnet.addressPrefixes].sort();
  if (space.join(",") !== c.addressPrefix) d.add(res, "addressSpace", [c.addressPrefix], space, "create_vnet");
  d.tags(res, expectedTags(c), vnet.tags, "create_vnet");
  for (const planned of c.subnets) {
    const s = vnet.subnets.find((x) => same(x.name, planned.name));
    const sres = `${res}/subnets/${planned.name}`;
    if (!s) d.add(sres, "exists", true, false, "create_subnets");
    else if (s.addressPrefix !== planned.addressPrefix)
      d.add(sres, "addressPrefix", planned.addressPrefix, s.addressPrefix ?? null, "create_subnets");
  }
}

function compareCompute(d: Diffs, want: Desired, o: Observed) {
  const c = want.config;
  const nicRes = `networkInterfaces/${c.names.nic}`;
  if (!o.nic) d.add(nicRes, "exists", true, false, "create_nic");
  else d.tags(nicRes, expectedTags(c), o.nic.tags, "create_nic");
  const vmRes = `virtualMachines/${c.names.vm}`;
  if (!o.vm) return d.add(vmRes, "exists", true, false, "create_vm");
  if (!same(o.vm.vmSize, c.vmSize)) d.add(vmRes, "vmSize", c.vmSize, o.vm.vmSize ?? null, "create_vm");
  d.tags(vmRes, expectedTags(c), o.vm.tags, "create_vm");
}

function comparePeering(d: Diffs, res: string, p: PeeringInfo | undefined, remoteId: string, bothExist: boolean) {
  if (!p) return d.add(res, "exists", true, false, "create_peering");
  if (!same(p.remoteVirtualNetworkId, remoteId))
    d.add(res, "remoteVirtualNetwork", remoteId, p.remoteVirtualNetworkId ?? null, "create_peering");
  // With one side gone the other reads Disconnected: that is the same difference, not a second one.
  if (!bothExist) return;
  if (p.peeringState !== "Connected") d.add(res, "peeringState", "Connected", p.peeringState ?? null, "create_peering");
  if (p.peeringSyncLevel !== "FullyInSync")
    d.add(res, "peeringSyncLevel", "FullyInSync", p.peeringSyncLevel ?? null, "create_peering");
}

function comparePeerings(d: Diffs, want: Desired, o: Observed) {
  const c = want.config;
  const spokeSide = o.vnet?.peerings.find((p) => same(p.name, c.names.spokeToHubPeering));
  const both = Boolean(o.hubPeering && spokeSide);
  comparePeering(
    d,
    `virtualNetworks/${c.hub.vnetName}/virtualNetworkPeerings/${c.names.hubToSpokePeering}`,
    o.hubPeering,
    want.spokeVnetId,
    both,
  );
  // The spoke side lives in the spoke VNet: a missing VNet is already one difference.
  if (o.vnet)
    comparePeering(
      d,
      `virtualNetworks/${c.names.vnet}/virtualNetworkPeerings/${c.names.spokeToHubPeering}`,
      spokeSide,
      want.hubVnetId,
      both,
    );
}

function compareGateway(d: Diffs, want: Desired, gw: ApplicationGatewayView | undefined) {
  const c = want.config;
  const a = c.names.agw;
  const base = `applicationGateways/${c.hub.gatewayName}`;
  if (!gw) return d.add(base, "exists", true, false, "update_agw");
  const step = "update_agw";
  const pool = gw.backendAddressPools.find((p) => same(p.name, a.backendPool));
  const poolRes = `${base}/backendAddressPools/${a.backendPool}`;
  if (!pool) d.add(poolRes, "exists", true, false, step);
  else {
    const have = pool.addresses
      .map((x) => x.ipAddress ?? x.fqdn ?? "")
      .filter(Boolean)
      .sort();
    const expect = want.backendIp ? [want.backendIp] : [];
    if (have.join(",") !== expect.join(",")) d.add(poolRes, "addresses", expect, have, step);
  }
  const settings = gw.backendHttpSettings.find((s) => same(s.name, a.httpSettings));
  const setRes = `${base}/backendHttpSettingsCollection/${a.httpSettings}`;
  if (!settings) d.add(setRes, "exists", true, false, step);
  else {
    if (settings.port !== SPOKE_BACKEND_PORT) d.add(setRes, "port", SPOKE_BACKEND_PORT, settings.port, step);
    if (settings.protocol !== "Http") d.add(setRes, "protocol", "Http", settings.protocol, step);
    if (a.probe && !same(nameFromIdOrNull(settings.probeId), a.probe))
      d.add(setRes, "probe", a.probe, nameFromIdOrNull(settings.probeId), step);
  }
  compareProbe(d, c, gw, base, step);
  const listener = gw.httpListeners.find((l) => same(l.name, a.listener));
  const lisRes = `${base}/httpListeners/${a.listener}`;
  if (!listener) d.add(lisRes, "exists", true, false, step);
  else if (listener.hostNames.join(",").toLowerCase() !== a.hostName.toLowerCase())
    d.add(lisRes, "hostNames", [a.hostName], listener.hostNames, step);
  const rule = gw.requestRoutingRules.find((r) => same(r.name, a.routingRule));
  const ruleRes = `${base}/requestRoutingRules/${a.routingRule}`;
  if (!rule) return d.add(ruleRes, "exists", true, false, step);
  if (rule.priority !== a.priority) d.add(ruleRes, "priority", a.priority, rule.priority ?? null, step);
  const links: [string, string | undefined, string][] = [
    ["httpListener", rule.httpListenerId, a.listener],
    ["backendAddressPool", rule.backendAddressPoolId, a.backendPool],
    ["backendHttpSettings", rule.backendHttpSettingsId, a.httpSettings],
  ];
  for (const [prop, id, name] of links)
    if (!same(nameFromIdOrNull(id), name)) d.add(ruleRes, prop, name, nameFromIdOrNull(id), step);
}

/** The spoke's health probe (none for a spoke recorded before probes existed): present, with its path. */
function compareProbe(d: Diffs, c: SpokeConfig, gw: ApplicationGatewayView, base: string, step: string) {
  const name = c.names.agw.probe;
  if (!name) return;
  const probe = gw.probes.find((p) => same(p.name, name));
  const res = `${base}/probes/${name}`;
  if (!probe) return d.add(res, "exists", true, false, step);
  const path = c.routing?.healthProbePath ?? SPOKE_PROBE_PATH;
  if (probe.path !== path) d.add(res, "path", path, probe.path ?? null, step);
}

/** Every difference between the desired state and what Azure holds; empty means in sync. */
export function compareDrift(want: Desired, o: Observed): DriftDifference[] {
  const d = new Diffs();
  compareVnet(d, want, o.vnet);
  compareCompute(d, want, o);
  comparePeerings(d, want, o);
  compareGateway(d, want, o.gateway);
  return d.list;
}

// The mapping of a difference to the update step that re-applies it is client-safe (the drift card
// lists a Repair's steps): it lives in ./types, and compare.test.ts checks it against UPDATE_STEP_KEYS.
export { REPAIR_STEP_ORDER, repairStepOf, repairSteps, unrepairable } from "./types";
