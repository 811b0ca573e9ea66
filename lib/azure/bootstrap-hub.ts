import { armIds, type ArmScope } from "./ids";
import type { AgwEntries, ApplicationGatewayView, AzureGateway, LroOptions, VirtualNetworkInfo } from "./types";

/** The DESIGN §1 hub. Names and ranges default to the original's. */
export interface HubSettings {
  resourceGroup: string;
  location: string;
  vnetName: string;
  addressSpace: string;
  hubSubnet: { name: string; addressPrefix: string };
  agwSubnet: { name: string; addressPrefix: string };
  gatewayName: string;
  publicIpName: string;
}

export const DEFAULT_HUB: HubSettings = {
  resourceGroup: "hub-rg",
  location: "eastus",
  vnetName: "hub-vnet",
  addressSpace: "10.0.0.0/16",
  hubSubnet: { name: "hub-subnet", addressPrefix: "10.0.0.0/24" },
  agwSubnet: { name: "agw-subnet", addressPrefix: "10.0.1.0/24" },
  gatewayName: "hub-agw",
  publicIpName: "hub-agw-pip",
};

function defaultEntries(agwId: string, frontendIpId: string, frontendPortId: string): AgwEntries {
  return {
    backendAddressPools: [{ name: "defaultPool", addresses: [] }],
    backendHttpSettings: [{ name: "defaultHttpSettings", port: 80, protocol: "Http", cookieBasedAffinity: "Disabled", requestTimeoutSeconds: 30 }],
    httpListeners: [{ name: "defaultListener", frontendIpConfigurationId: frontendIpId, frontendPortId, protocol: "Http", hostNames: [] }],
    requestRoutingRules: [{
      name: "defaultRoutingRule", ruleType: "Basic", priority: 20000,
      httpListenerId: armIds.agwChild(agwId, "httpListeners", "defaultListener"),
      backendAddressPoolId: armIds.agwChild(agwId, "backendAddressPools", "defaultPool"),
      backendHttpSettingsId: armIds.agwChild(agwId, "backendHttpSettingsCollection", "defaultHttpSettings"),
    }],
  };
}

async function ensureVnet(gw: AzureGateway, hub: HubSettings, opts?: LroOptions): Promise<{ vnet: VirtualNetworkInfo; wrote: boolean }> {
  const existing = await gw.getVirtualNetwork(hub.resourceGroup, hub.vnetName, opts);
  const wanted = [hub.hubSubnet, hub.agwSubnet];
  const missing = wanted.filter((w) => !existing?.subnets.some((s) => s.name.toLowerCase() === w.name.toLowerCase()));
  if (existing && missing.length === 0) return { vnet: existing, wrote: false };
  // Keep whatever subnets already exist: a VNet PUT replaces the subnet array.
  const subnets = [
    ...(existing?.subnets ?? []).map((s) => ({ name: s.name, addressPrefix: s.addressPrefix ?? "" })),
    ...missing,
  ];
  const vnet = await gw.createOrUpdateVirtualNetwork(hub.resourceGroup, hub.vnetName, {
    location: existing?.location ?? hub.location,
    addressPrefixes: existing?.addressPrefixes.length ? existing.addressPrefixes : [hub.addressSpace],
    subnets,
    tags: existing?.tags,
  }, opts);
  return { vnet, wrote: true };
}

/**
 * Creates the hub in a bare subscription, idempotently: each piece is read first and only what is
 * missing is created, so running it against an existing hub writes nothing.
 */
export async function bootstrapHub(gw: AzureGateway, settings: Partial<HubSettings> = {}, opts?: LroOptions): Promise<{ vnet: VirtualNetworkInfo; gateway: ApplicationGatewayView; created: string[] }> {
  const hub = { ...DEFAULT_HUB, ...settings };
  const created: string[] = [];
  const scope: ArmScope = { subscriptionId: gw.subscriptionId, resourceGroup: hub.resourceGroup };
  if (!(await gw.getResourceGroup(hub.resourceGroup, opts))) {
    await gw.createResourceGroup(hub.resourceGroup, { location: hub.location }, opts);
    created.push("resourceGroup");
  }
  const { vnet, wrote } = await ensureVnet(gw, hub, opts);
  if (wrote) created.push("virtualNetwork");
  if (!(await gw.getPublicIpAddress(hub.resourceGroup, hub.publicIpName, opts))) {
    await gw.createOrUpdatePublicIpAddress(hub.resourceGroup, hub.publicIpName, { location: vnet.location, sku: "Standard" }, opts);
    created.push("publicIpAddress");
  }
  let gateway = await gw.getApplicationGateway(hub.resourceGroup, hub.gatewayName, opts);
  if (!gateway) {
    const agwId = armIds.applicationGateway(scope, hub.gatewayName);
    gateway = await gw.createApplicationGateway(hub.resourceGroup, hub.gatewayName, {
      location: vnet.location,
      subnetId: armIds.subnet(scope, hub.vnetName, hub.agwSubnet.name),
      publicIpAddressId: armIds.publicIpAddress(scope, hub.publicIpName),
      entries: defaultEntries(agwId, armIds.agwChild(agwId, "frontendIPConfigurations", "appGwPublicFrontendIp"), armIds.agwChild(agwId, "frontendPorts", "port_80")),
    }, opts);
    created.push("applicationGateway");
  }
  return { vnet, gateway, created };
}
