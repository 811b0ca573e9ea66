import { randomUUID } from "node:crypto";

/** Resource types the simulator knows, in ARM's canonical spelling. */
export const TYPES = {
  resourceGroup: "Microsoft.Resources/resourceGroups",
  vnet: "Microsoft.Network/virtualNetworks",
  subnet: "Microsoft.Network/virtualNetworks/subnets",
  peering: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
  nic: "Microsoft.Network/networkInterfaces",
  publicIp: "Microsoft.Network/publicIPAddresses",
  agw: "Microsoft.Network/applicationGateways",
  vm: "Microsoft.Compute/virtualMachines",
  disk: "Microsoft.Compute/disks",
} as const;

export function rgId(sub: string, rg: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}`;
}

export function resourceId(sub: string, rg: string, type: string, name: string): string {
  return `${rgId(sub, rg)}/providers/${type}/${name}`;
}

export function childId(parentId: string, collection: string, name: string): string {
  return `${parentId}/${collection}/${name}`;
}

export interface ParsedId {
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. "Microsoft.Network/virtualNetworks" */
  type: string;
  name: string;
  /** Child segments after the top-level resource, e.g. [["subnets", "default"]]. */
  children: [string, string][];
}

export function parseId(id: string): ParsedId | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)((?:\/[^/]+\/[^/]+)*)$/i.exec(
      id.trim(),
    );
  if (!m) return undefined;
  const rest = (m[6] ?? "").split("/").filter(Boolean);
  const children: [string, string][] = [];
  for (let i = 0; i + 1 < rest.length; i += 2) children.push([rest[i] ?? "", rest[i + 1] ?? ""]);
  return {
    subscriptionId: m[1] ?? "",
    resourceGroup: m[2] ?? "",
    type: `${m[3]}/${m[4]}`,
    name: m[5] ?? "",
    children,
  };
}

/** The id of the top-level resource an id (possibly of a child) belongs to. */
export function topLevelId(id: string): string | undefined {
  const p = parseId(id);
  return p ? resourceId(p.subscriptionId, p.resourceGroup, p.type, p.name) : undefined;
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function newGuid(): string {
  return randomUUID();
}

export function newEtag(): string {
  return `W/"${randomUUID()}"`;
}

export function lastSegment(id: string): string {
  return id.split("/").filter(Boolean).pop() ?? "";
}
