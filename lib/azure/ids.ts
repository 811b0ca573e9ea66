/**
 * Typed builders for ARM resource ids. Every id the product sends to Azure comes from here,
 * never from ad-hoc string concatenation at the call site.
 */

export type AgwCollection =
  | "backendAddressPools"
  | "backendHttpSettingsCollection"
  | "httpListeners"
  | "requestRoutingRules"
  | "frontendIPConfigurations"
  | "frontendPorts"
  | "probes"
  | "gatewayIPConfigurations";

export interface ArmScope {
  subscriptionId: string;
  resourceGroup: string;
}

const seg = (s: string) => {
  if (!s || s.includes("/")) throw new Error(`invalid ARM id segment: ${JSON.stringify(s)}`);
  return s;
};

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${seg(subscriptionId)}/resourceGroups/${seg(resourceGroup)}`;
}

function provider(scope: ArmScope, type: string, name: string): string {
  return `${resourceGroupId(scope.subscriptionId, scope.resourceGroup)}/providers/${type}/${seg(name)}`;
}

export const armIds = {
  resourceGroup: (scope: ArmScope) => resourceGroupId(scope.subscriptionId, scope.resourceGroup),
  virtualNetwork: (scope: ArmScope, name: string) => provider(scope, "Microsoft.Network/virtualNetworks", name),
  subnet: (scope: ArmScope, vnet: string, name: string) =>
    `${provider(scope, "Microsoft.Network/virtualNetworks", vnet)}/subnets/${seg(name)}`,
  peering: (scope: ArmScope, vnet: string, name: string) =>
    `${provider(scope, "Microsoft.Network/virtualNetworks", vnet)}/virtualNetworkPeerings/${seg(name)}`,
  networkInterface: (scope: ArmScope, name: string) => provider(scope, "Microsoft.Network/networkInterfaces", name),
  publicIpAddress: (scope: ArmScope, name: string) => provider(scope, "Microsoft.Network/publicIPAddresses", name),
  applicationGateway: (scope: ArmScope, name: string) => provider(scope, "Microsoft.Network/applicationGateways", name),
  virtualMachine: (scope: ArmScope, name: string) => provider(scope, "Microsoft.Compute/virtualMachines", name),
  disk: (scope: ArmScope, name: string) => provider(scope, "Microsoft.Compute/disks", name),
  /** A sub-resource of an Application Gateway, e.g. a backend pool referenced by a rule. */
  agwChild: (agwId: string, collection: AgwCollection, name: string) => `${agwId}/${collection}/${seg(name)}`,
};

export interface ParsedArmId {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  type: string;
  name: string;
  childType?: string;
  childName?: string;
}

export function parseArmId(id: string): ParsedArmId | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)(?:\/([^/]+)\/([^/]+))?$/i.exec(
      id,
    );
  if (!m) return undefined;
  return {
    subscriptionId: m[1] ?? "",
    resourceGroup: m[2] ?? "",
    provider: m[3] ?? "",
    type: m[4] ?? "",
    name: m[5] ?? "",
    childType: m[6],
    childName: m[7],
  };
}

/** ARM ids compare case-insensitively (ARM-REFERENCE §5: casing varies between responses). */
export function sameArmId(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

/** The last segment of an ARM id (a resource's or sub-resource's name); "" for a missing id. */
export function nameFromId(id: string | null | undefined): string {
  return id?.split("/").filter(Boolean).pop() ?? "";
}

/** `nameFromId`, with null for a missing id: what API views show for "no reference". */
export function nameFromIdOrNull(id: string | null | undefined): string | null {
  return nameFromId(id) || null;
}
