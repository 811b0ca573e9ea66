import { badRequest } from "../errors";
import { contains, overlaps, parseCidr } from "../cidr";
import { asArray, asObject, asString, props } from "../http";
import type { SimContext } from "../context";
import type { Json, JsonObject, ResourceRecord } from "../types";
import { TYPES, newEtag, refId } from "./common";

/** Helpers over a VNet body: address space, inline subnets, peerings. */

export function addressPrefixes(vnet: ResourceRecord | JsonObject): string[] {
  const body = "body" in vnet && "meta" in vnet ? (vnet as ResourceRecord).body : (vnet as JsonObject);
  return asArray(asObject(asObject(body.properties).addressSpace).addressPrefixes).filter(
    (p): p is string => typeof p === "string",
  );
}

export function subnetsOf(vnet: ResourceRecord): JsonObject[] {
  const p = props(vnet.body);
  if (!Array.isArray(p.subnets)) p.subnets = [];
  return p.subnets as JsonObject[];
}

export function peeringsOf(vnet: ResourceRecord): JsonObject[] {
  const p = props(vnet.body);
  if (!Array.isArray(p.virtualNetworkPeerings)) p.virtualNetworkPeerings = [];
  return p.virtualNetworkPeerings as JsonObject[];
}

export function findNamed(list: JsonObject[], name: string): JsonObject | undefined {
  return list.find((s) => typeof s.name === "string" && s.name.toLowerCase() === name.toLowerCase());
}

export function subnetPrefixes(subnet: JsonObject): string[] {
  const p = asObject(subnet.properties);
  const many = asArray(p.addressPrefixes).filter((x): x is string => typeof x === "string");
  const one = asString(p.addressPrefix);
  return one ? [one, ...many.filter((m) => m !== one)] : many;
}

export function ipConfigIds(subnet: JsonObject): string[] {
  return asArray(asObject(subnet.properties).ipConfigurations)
    .map((c) => refId(c))
    .filter((x): x is string => !!x);
}

export function inUseError(subnetName: string, subnet: JsonObject): ReturnType<typeof badRequest> {
  return badRequest(
    "InUseSubnetCannotBeDeleted",
    `Subnet ${subnetName} is in use by ${ipConfigIds(subnet)[0] ?? "a resource"} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  );
}

export function validatePrefixes(prefixes: Json | undefined): string[] {
  const list = asArray(prefixes).filter((p): p is string => typeof p === "string");
  if (list.length === 0)
    throw badRequest(
      "InvalidRequestFormat",
      "Cannot parse the request: addressSpace.addressPrefixes must not be empty.",
    );
  for (const p of list) {
    if (!parseCidr(p))
      throw badRequest("InvalidCIDRNotation", `The address prefix ${p} in resource is not a valid CIDR notation.`);
  }
  return list;
}

/** NRP's subnet checks: valid CIDR, inside the VNet space, not overlapping a sibling. */
export function validateSubnets(vnetName: string, space: string[], subnets: JsonObject[]): void {
  const seen: { name: string; cidr: NonNullable<ReturnType<typeof parseCidr>> }[] = [];
  for (const s of subnets) {
    const name = asString(s.name) ?? "";
    const prefixes = subnetPrefixes(s);
    if (!name || prefixes.length === 0)
      throw badRequest("InvalidRequestFormat", "Cannot parse the request: a subnet needs a name and an addressPrefix.");
    for (const prefix of prefixes) {
      const cidr = parseCidr(prefix);
      if (!cidr)
        throw badRequest(
          "InvalidCIDRNotation",
          `The address prefix ${prefix} in resource is not a valid CIDR notation.`,
        );
      if (
        !space.some((v) => {
          const c = parseCidr(v);
          return c ? contains(c, cidr) : false;
        })
      ) {
        throw badRequest(
          "NetcfgSubnetRangeOutsideVnet",
          `Subnet '${name}' is not valid because its IP address range is outside the IP address range of virtual network '${vnetName}'.`,
        );
      }
      if (seen.some((o) => o.name.toLowerCase() !== name.toLowerCase() && overlaps(o.cidr, cidr))) {
        throw badRequest(
          "NetcfgSubnetRangesOverlap",
          `Subnet '${name}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnetName}'.`,
        );
      }
      seen.push({ name, cidr });
    }
  }
}

export function newSubnet(vnetId: string, name: string, input: JsonObject, state: string): JsonObject {
  const inProps = asObject(input.properties);
  const properties: JsonObject = {
    provisioningState: state,
    privateEndpointNetworkPolicies: asString(inProps.privateEndpointNetworkPolicies) ?? "Disabled",
    privateLinkServiceNetworkPolicies: asString(inProps.privateLinkServiceNetworkPolicies) ?? "Enabled",
    delegations: asArray(inProps.delegations),
  };
  if (inProps.addressPrefix !== undefined) properties.addressPrefix = inProps.addressPrefix;
  if (inProps.addressPrefixes !== undefined) properties.addressPrefixes = inProps.addressPrefixes;
  for (const key of ["networkSecurityGroup", "routeTable", "natGateway", "serviceEndpoints", "defaultOutboundAccess"]) {
    if (inProps[key] !== undefined) properties[key] = inProps[key] as Json;
  }
  return { name, id: `${vnetId}/subnets/${name}`, etag: newEtag(), type: TYPES.subnet, properties };
}

/** Finds a subnet by id anywhere in the simulator. */
export function lookupSubnet(
  sim: SimContext,
  subnetId: string | undefined,
): { vnet: ResourceRecord; subnet: JsonObject } | undefined {
  if (!subnetId) return undefined;
  const m = /^(.*\/virtualNetworks\/[^/]+)\/subnets\/([^/]+)$/i.exec(subnetId);
  if (!m) return undefined;
  const vnet = sim.state.get(m[1] ?? "");
  if (!vnet) return undefined;
  const subnet = findNamed(subnetsOf(vnet), m[2] ?? "");
  return subnet ? { vnet, subnet } : undefined;
}

export function addIpConfig(subnet: JsonObject, ipConfigId: string): void {
  const p = props(subnet);
  const list = asArray(p.ipConfigurations);
  if (!list.some((c) => refId(c)?.toLowerCase() === ipConfigId.toLowerCase())) list.push({ id: ipConfigId });
  p.ipConfigurations = list;
}

export function removeIpConfigs(sim: SimContext, prefix: string): void {
  const lower = prefix.toLowerCase();
  for (const vnet of sim.state.list(TYPES.vnet)) {
    for (const subnet of subnetsOf(vnet)) {
      const p = props(subnet);
      if (!Array.isArray(p.ipConfigurations)) continue;
      p.ipConfigurations = p.ipConfigurations.filter((c) => !(refId(c) ?? "").toLowerCase().startsWith(lower));
      if ((p.ipConfigurations as Json[]).length === 0) delete p.ipConfigurations;
    }
  }
}

/** Every peering in the simulator whose remote is the given VNet goes Disconnected. */
export function disconnectPeeringsTo(sim: SimContext, vnetId: string): void {
  for (const vnet of sim.state.list(TYPES.vnet)) {
    for (const peering of peeringsOf(vnet)) {
      if (refId(asObject(peering.properties).remoteVirtualNetwork)?.toLowerCase() === vnetId.toLowerCase()) {
        props(peering).peeringState = "Disconnected";
      }
    }
  }
}
