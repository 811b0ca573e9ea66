/**
 * The hub's pieces, one "ensure" per resource: read first, create only when missing, and never
 * change what exists — a hub someone built by hand stays as it is; how it differs from our
 * defaults is reported instead. Used by the bootstrap workflow and by `bootstrapHub`.
 */
import { armIds, type ArmScope } from "./ids";
import type { AgwEntries, ApplicationGatewayView, AzureGateway, LroOptions } from "./types";

/** The hub of the README's architecture. Names and ranges default to the Flask original's. */
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

export type EnsureAction = "created" | "existing";

export interface EnsureResult {
  resource: string;
  id: string;
  action: EnsureAction;
  /** How an existing resource differs from the defaults; it was left as it is. */
  differences: string[];
}

/** The gateway's default entries: one pool, settings, listener and rule (priority 20000, last). */
export const DEFAULT_GATEWAY_ENTRY_NAMES = {
  backendAddressPools: "defaultPool",
  backendHttpSettings: "defaultHttpSettings",
  httpListeners: "defaultListener",
  requestRoutingRules: "defaultRoutingRule",
} as const;

export function defaultGatewayEntries(agwId: string, frontendIpId: string, frontendPortId: string): AgwEntries {
  return {
    backendAddressPools: [{ name: "defaultPool", addresses: [] }],
    backendHttpSettings: [
      {
        name: "defaultHttpSettings",
        port: 80,
        protocol: "Http",
        cookieBasedAffinity: "Disabled",
        requestTimeoutSeconds: 30,
      },
    ],
    httpListeners: [
      {
        name: "defaultListener",
        frontendIpConfigurationId: frontendIpId,
        frontendPortId,
        protocol: "Http",
        hostNames: [],
      },
    ],
    requestRoutingRules: [
      {
        name: "defaultRoutingRule",
        ruleType: "Basic",
        priority: 20000,
        httpListenerId: armIds.agwChild(agwId, "httpListeners", "defaultListener"),
        backendAddressPoolId: armIds.agwChild(agwId, "backendAddressPools", "defaultPool"),
        backendHttpSettingsId: armIds.agwChild(agwId, "backendHttpSettingsCollection", "defaultHttpSettings"),
      },
    ],
  };
}

const same = (a: string | undefined, b: string) =>
  (a ?? "").toLowerCase().replace(/\s/g, "") === b.toLowerCase().replace(/\s/g, "");

function scopeOf(gw: AzureGateway, hub: HubSettings): ArmScope {
  return { subscriptionId: gw.subscriptionId, resourceGroup: hub.resourceGroup };
}

export async function ensureResourceGroup(
  gw: AzureGateway,
  hub: HubSettings,
  opts?: LroOptions,
): Promise<EnsureResult> {
  const existing = await gw.getResourceGroup(hub.resourceGroup, opts);
  if (existing) {
    const differences = same(existing.location, hub.location)
      ? []
      : [`location is ${existing.location}, expected ${hub.location}`];
    return { resource: "resourceGroup", id: existing.id, action: "existing", differences };
  }
  const created = await gw.createResourceGroup(hub.resourceGroup, { location: hub.location }, opts);
  return { resource: "resourceGroup", id: created.id, action: "created", differences: [] };
}

/** A missing VNet is created with both subnets in one PUT; an existing one is never PUT again (that would replace its subnet array). */
export async function ensureVnet(gw: AzureGateway, hub: HubSettings, opts?: LroOptions): Promise<EnsureResult> {
  const existing = await gw.getVirtualNetwork(hub.resourceGroup, hub.vnetName, opts);
  if (existing) {
    const differences: string[] = [];
    if (!existing.addressPrefixes.some((p) => same(p, hub.addressSpace)))
      differences.push(
        `address space is ${existing.addressPrefixes.join(", ") || "empty"}, expected ${hub.addressSpace}`,
      );
    if (!same(existing.location, hub.location))
      differences.push(`location is ${existing.location}, expected ${hub.location}`);
    return { resource: "virtualNetwork", id: existing.id, action: "existing", differences };
  }
  const vnet = await gw.createOrUpdateVirtualNetwork(
    hub.resourceGroup,
    hub.vnetName,
    {
      location: hub.location,
      addressPrefixes: [hub.addressSpace],
      subnets: [hub.hubSubnet, hub.agwSubnet],
    },
    opts,
  );
  return { resource: "virtualNetwork", id: vnet.id, action: "created", differences: [] };
}

/** A missing subnet of an existing VNet gets its own subnet PUT, which leaves the other subnets alone. */
export async function ensureSubnet(
  gw: AzureGateway,
  hub: HubSettings,
  which: "hubSubnet" | "agwSubnet",
  opts?: LroOptions,
): Promise<EnsureResult> {
  const want = hub[which];
  const existing = await gw.getSubnet(hub.resourceGroup, hub.vnetName, want.name, opts);
  if (existing) {
    const differences = same(existing.addressPrefix, want.addressPrefix)
      ? []
      : [`address prefix is ${existing.addressPrefix ?? "unset"}, expected ${want.addressPrefix}`];
    return { resource: `subnet ${want.name}`, id: existing.id, action: "existing", differences };
  }
  const created = await gw.createOrUpdateSubnet(hub.resourceGroup, hub.vnetName, want, opts);
  return { resource: `subnet ${want.name}`, id: created.id, action: "created", differences: [] };
}

export async function ensurePublicIp(gw: AzureGateway, hub: HubSettings, opts?: LroOptions): Promise<EnsureResult> {
  const existing = await gw.getPublicIpAddress(hub.resourceGroup, hub.publicIpName, opts);
  if (existing) {
    // Application Gateway v2 accepts only a Standard public IP.
    const differences = same(existing.sku, "Standard")
      ? []
      : [`SKU is ${existing.sku ?? "unset"}, expected Standard (required by Application Gateway v2)`];
    return { resource: "publicIpAddress", id: existing.id, action: "existing", differences };
  }
  const created = await gw.createOrUpdatePublicIpAddress(
    hub.resourceGroup,
    hub.publicIpName,
    { location: hub.location, sku: "Standard" },
    opts,
  );
  return { resource: "publicIpAddress", id: created.id, action: "created", differences: [] };
}

/** What an existing gateway lacks compared with the defaults the console relies on. */
export function gatewayDifferences(agw: ApplicationGatewayView): string[] {
  const out: string[] = [];
  if (agw.skuName && !["Standard_v2", "WAF_v2"].includes(agw.skuName))
    out.push(`SKU is ${agw.skuName}, expected Standard_v2 or WAF_v2 (rule priorities need v2)`);
  if (agw.provisioningState && agw.provisioningState !== "Succeeded")
    out.push(`provisioning state is ${agw.provisioningState}`);
  if (!agw.frontendPorts.some((p) => p.port === 80)) out.push("no frontend port 80");
  if (!agw.frontendIpConfigurations.some((f) => f.publicIpAddressId)) out.push("no public frontend IP configuration");
  for (const [kind, name] of Object.entries(DEFAULT_GATEWAY_ENTRY_NAMES)) {
    const list = agw[kind as keyof typeof DEFAULT_GATEWAY_ENTRY_NAMES] as { name: string }[];
    if (!list.some((e) => e.name === name)) out.push(`no ${name} in ${kind}`);
  }
  return out;
}

export async function ensureGateway(
  gw: AzureGateway,
  hub: HubSettings,
  opts?: LroOptions,
): Promise<EnsureResult & { gateway: ApplicationGatewayView }> {
  const existing = await gw.getApplicationGateway(hub.resourceGroup, hub.gatewayName, opts);
  if (existing)
    return {
      resource: "applicationGateway",
      id: existing.id,
      action: "existing",
      differences: gatewayDifferences(existing),
      gateway: existing,
    };
  const scope = scopeOf(gw, hub);
  const agwId = armIds.applicationGateway(scope, hub.gatewayName);
  const gateway = await gw.createApplicationGateway(
    hub.resourceGroup,
    hub.gatewayName,
    {
      location: hub.location,
      subnetId: armIds.subnet(scope, hub.vnetName, hub.agwSubnet.name),
      publicIpAddressId: armIds.publicIpAddress(scope, hub.publicIpName),
      entries: defaultGatewayEntries(
        agwId,
        armIds.agwChild(agwId, "frontendIPConfigurations", "appGwPublicFrontendIp"),
        armIds.agwChild(agwId, "frontendPorts", "port_80"),
      ),
    },
    opts,
  );
  return { resource: "applicationGateway", id: gateway.id, action: "created", differences: [], gateway };
}
