import { firstUsable, intToIp, ipToInt, lastUsable, containsIp, parseCidr } from "../cidr";
import { badRequest, invalidReference } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { asArray, asObject, asString, clone, json, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import type { SimContext } from "../context";
import type { JsonObject, ResourceRecord } from "../types";
import {
  TYPES,
  deleteTracked,
  ensureIdle,
  getTracked,
  newEtag,
  newGuid,
  newTracked,
  normLocation,
  putResponse,
  refId,
  removeOnDelete,
  settleOnPut,
  requireBody,
  startOp,
  trackedId,
} from "./common";
import { addIpConfig, ipConfigIds, lookupSubnet, removeIpConfigs, subnetPrefixes } from "./vnet-model";

const NIC = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/networkinterfaces/{nic}";

export function nicIpConfigs(nic: ResourceRecord): JsonObject[] {
  return asArray(asObject(nic.body.properties).ipConfigurations).map((c) => asObject(c));
}

/** Private IPs already taken in a subnet, by NICs other than `exceptNic`. */
function usedIps(sim: SimContext, subnetId: string, exceptNic: string): Set<number> {
  const used = new Set<number>();
  for (const nic of sim.state.list(TYPES.nic)) {
    if (nic.id.toLowerCase() === exceptNic.toLowerCase()) continue;
    for (const c of nicIpConfigs(nic)) {
      const p = asObject(c.properties);
      if (refId(p.subnet)?.toLowerCase() !== subnetId.toLowerCase()) continue;
      const ip = ipToInt(asString(p.privateIPAddress) ?? "");
      if (ip !== undefined) used.add(ip);
    }
  }
  return used;
}

/** Dynamic allocation takes the lowest free address; Azure's first usable one is .4. */
function allocateIp(
  sim: SimContext,
  subnetId: string,
  subnet: JsonObject,
  nicId: string,
  wanted: string | undefined,
  keep: string | undefined,
): string {
  const cidr = parseCidr(subnetPrefixes(subnet)[0] ?? "");
  if (!cidr) throw badRequest("InvalidRequestFormat", "Subnet has no valid address prefix.");
  const used = usedIps(sim, subnetId, nicId);
  if (wanted) {
    const ip = ipToInt(wanted);
    if (ip === undefined || !containsIp(cidr, ip))
      throw badRequest("PrivateIPAddressNotInSubnet", `IP address ${wanted} does not belong to subnet ${subnetId}.`);
    if (ip < firstUsable(cidr) || ip > lastUsable(cidr))
      throw badRequest(
        "PrivateIPAddressInReservedRange",
        `IP address ${wanted} is in the reserved range of subnet ${subnetId}.`,
      );
    if (used.has(ip))
      throw badRequest(
        "PrivateIPAddressInUse",
        `IP configuration is using the private IP address ${wanted} which is already allocated to another resource.`,
      );
    return wanted;
  }
  const kept = keep ? ipToInt(keep) : undefined;
  if (kept !== undefined && containsIp(cidr, kept) && !used.has(kept)) return intToIp(kept);
  for (let ip = firstUsable(cidr); ip <= lastUsable(cidr); ip++) if (!used.has(ip)) return intToIp(ip);
  throw badRequest(
    "SubnetIsFull",
    `Subnet ${subnetId} with address prefix ${subnetPrefixes(subnet)[0]} does not have enough capacity for 1 IP addresses.`,
  );
}

function buildIpConfig(ctx: Ctx, nicId: string, input: JsonObject, old: JsonObject | undefined): JsonObject {
  const name = asString(input.name) ?? "ipconfig1";
  const id = `${nicId}/ipConfigurations/${name}`;
  const inProps = asObject(input.properties);
  const subnetId = refId(inProps.subnet);
  const found = lookupSubnet(ctx.sim, subnetId);
  if (!subnetId || !found) throw invalidReference(subnetId ?? "(none)", id);
  if (ipConfigIds(found.subnet).some((c) => /\/applicationGateways\//i.test(c))) {
    throw badRequest(
      "ApplicationGatewaySubnetCannotBeUsedByOtherResources",
      `Subnet ${subnetId} cannot be used by ${id} because it is used by an Application Gateway. The Application Gateway subnet can only contain Application Gateways.`,
    );
  }
  const method = asString(inProps.privateIPAllocationMethod) === "Static" ? "Static" : "Dynamic";
  const oldProps = old ? asObject(old.properties) : {};
  const sameSubnet = refId(oldProps.subnet)?.toLowerCase() === subnetId.toLowerCase();
  const ip = allocateIp(
    ctx.sim,
    found.subnet.id as string,
    found.subnet,
    nicId,
    method === "Static" ? asString(inProps.privateIPAddress) : undefined,
    sameSubnet ? asString(oldProps.privateIPAddress) : undefined,
  );
  const properties: JsonObject = {
    provisioningState: "Succeeded",
    privateIPAddress: ip,
    privateIPAllocationMethod: method,
    subnet: { id: String(found.subnet.id) },
    primary: inProps.primary !== false,
    privateIPAddressVersion: "IPv4",
  };
  const pipId = refId(inProps.publicIPAddress);
  if (pipId) {
    if (!ctx.sim.state.get(pipId)) throw invalidReference(pipId, id);
    properties.publicIPAddress = { id: pipId };
  }
  return { name, id, etag: newEtag(), type: "Microsoft.Network/networkInterfaces/ipConfigurations", properties };
}

function putNic(ctx: Ctx) {
  const body = requireBody(ctx);
  const id = trackedId(ctx, TYPES.nic, ctx.params.nic ?? "");
  const location = normLocation(body.location);
  const inConfigs = asArray(asObject(body.properties).ipConfigurations).map((c) => asObject(c));
  if (inConfigs.length === 0)
    throw badRequest(
      "InvalidRequestFormat",
      "Cannot parse the request: a network interface needs at least one IP configuration.",
    );
  const existing = ctx.sim.state.get(id);
  if (existing) ensureIdle(ctx, id);
  const oldConfigs = existing ? nicIpConfigs(existing) : [];
  const configs = inConfigs.map((c) =>
    buildIpConfig(
      ctx,
      id,
      c,
      oldConfigs.find((o) => o.name === (asString(c.name) ?? "ipconfig1")),
    ),
  );
  const inProps = asObject(body.properties);
  const rec = existing ? clone(existing) : newTracked(id, TYPES.nic, location, body.tags, { resourceGuid: newGuid() });
  if (body.tags !== undefined) rec.body.tags = clone(asObject(body.tags));
  const p = asObject(rec.body.properties);
  Object.assign(p, {
    provisioningState: "Updating",
    ipConfigurations: configs,
    dnsSettings: {
      dnsServers: [],
      appliedDnsServers: [],
      internalDomainNameSuffix: `${id.length.toString(16)}x.bx.internal.cloudapp.net`,
    },
    enableAcceleratedNetworking: inProps.enableAcceleratedNetworking === true,
    enableIPForwarding: inProps.enableIPForwarding === true,
    disableTcpStateTracking: false,
    nicType: "Standard",
    auxiliaryMode: "None",
    auxiliarySku: "None",
    vnetEncryptionSupported: false,
  });
  rec.body.properties = p;
  ctx.sim.state.put(rec);
  removeIpConfigs(ctx.sim, `${id}/ipConfigurations/`);
  for (const c of configs) {
    const found = lookupSubnet(ctx.sim, refId(asObject(c.properties).subnet));
    if (found) addIpConfig(found.subnet, String(c.id));
  }
  const op = startOp(ctx, { id, location }, "PutNetworkInterfaceOperation", "nic.put", "nic.create", {
    created: !existing,
  });
  return putResponse(ctx, rec.body, !existing, op);
}

function getNic(ctx: Ctx) {
  return json(clone(getTracked(ctx, TYPES.nic, ctx.params.nic ?? "").body));
}

export function nicInUse(nic: ResourceRecord): ReturnType<typeof badRequest> | undefined {
  const vm = refId(asObject(nic.body.properties).virtualMachine);
  if (!vm) return undefined;
  return badRequest(
    "NicInUse",
    `Network Interface ${nic.id} is used by existing resource ${vm}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`,
  );
}

export function nicReserved(sim: SimContext, nicId: string, forVm?: string): ReturnType<typeof badRequest> | undefined {
  const r = sim.state.nicReservations.get(nicId.toLowerCase());
  if (!r || r.until <= Date.now() || (forVm && r.vmId.toLowerCase() === forVm.toLowerCase())) return undefined;
  return badRequest(
    "NicReservedForAnotherVm",
    `Nic(s) in request is reserved for another Virtual Machine for 180 seconds. Please provide another nic(s) or retry after 180 seconds. Reserved VM: ${r.vmId}`,
  );
}

function deleteNic(ctx: Ctx) {
  return deleteTracked(ctx, {
    type: TYPES.nic,
    name: ctx.params.nic ?? "",
    operation: "DeleteNetworkInterfaceOperation",
    effect: "nic.delete",
    before: (rec) => {
      const err = nicInUse(rec) ?? nicReserved(ctx.sim, rec.id);
      if (err) throw err;
    },
  });
}

export const nics: ResourceModule = {
  type: TYPES.nic,
  typeName: "networkInterfaces",
  api: API_VERSIONS.network,
  routes: [
    { method: "PUT", path: NIC, operation: "networkInterfaces.createOrUpdate", handler: putNic },
    { method: "GET", path: NIC, operation: "networkInterfaces.get", handler: getNic },
    { method: "DELETE", path: NIC, operation: "networkInterfaces.delete", handler: deleteNic },
  ],
  effects: {
    "nic.put": settleOnPut(),
    "nic.delete": removeOnDelete((sim, rec) => removeIpConfigs(sim, `${rec.id}/ipConfigurations/`)),
  },
};
