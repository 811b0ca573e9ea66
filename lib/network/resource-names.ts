/**
 * Every Azure name and tag a spoke uses (ARCHITECTURE.md §1 table), derived in one place so the create
 * workflow, rollback, cleanup verification and the UI all agree on them.
 */
import { SUBNET_ROLES, type SubnetRole, subnetName } from "./subnet-plan";

export const MANAGED_BY_TAG_VALUE = "hub-spoke-console";
export const TAG_KEYS = {
  managedBy: "managed-by",
  spokeId: "spoke-id",
  clientName: "client-name",
  owner: "owner",
  deploymentId: "deployment-id",
} as const;

export const AGW_PRIORITY_BASE = 1000;

export type AgwNames = {
  readonly backendPool: string;
  readonly httpSettings: string;
  readonly listener: string;
  readonly routingRule: string;
  /** The backend health probe (absent in configurations recorded before probes existed). */
  readonly probe?: string;
  readonly priority: number;
  readonly hostName: string;
};

export type SpokeResourceNames = {
  readonly vnet: string;
  readonly subnets: Readonly<Record<SubnetRole, string>>;
  readonly vm: string;
  readonly nic: string;
  readonly osDisk: string;
  readonly hubToSpokePeering: string;
  readonly spokeToHubPeering: string;
  readonly agw: AgwNames;
};

export type SpokeNamesInput = {
  spokeNumber: number;
  /** Already sanitised (see sanitizeClientName). */
  clientName: string;
  agwBaseDomain: string;
  vmName?: string | null;
  /** The original API's `application_gateway.backend_pool_name` / `routing_rule_name`. */
  backendPoolName?: string | null;
  routingRuleName?: string | null;
};

export function defaultVmName(spokeNumber: number): string {
  return `spoke-vm-${spokeNumber}`;
}

export function agwPriority(spokeNumber: number): number {
  return AGW_PRIORITY_BASE + spokeNumber;
}

export function agwHostName(clientName: string, agwBaseDomain: string): string {
  return `${clientName}.${agwBaseDomain.replace(/^\.+|\.+$/g, "")}`;
}

export function agwProbeName(clientName: string): string {
  return `${clientName}-probe`;
}

export function agwNames(input: SpokeNamesInput): AgwNames {
  const client = input.clientName;
  return {
    backendPool: input.backendPoolName || `${client}-pool`,
    httpSettings: `${client}-http`,
    listener: `${client}-listener`,
    routingRule: input.routingRuleName || `${client}-route`,
    probe: agwProbeName(client),
    priority: agwPriority(input.spokeNumber),
    hostName: agwHostName(client, input.agwBaseDomain),
  };
}

export function spokeResourceNames(input: SpokeNamesInput): SpokeResourceNames {
  const x = input.spokeNumber;
  const vm = input.vmName || defaultVmName(x);
  const subnets = Object.fromEntries(SUBNET_ROLES.map((role) => [role, subnetName(x, role)]));
  return {
    vnet: `spoke-vnet-${x}`,
    // safe because the entries are built from every SubnetRole above
    subnets: subnets as Record<SubnetRole, string>,
    vm,
    nic: `${vm}-nic`,
    osDisk: `${vm}-osdisk`,
    hubToSpokePeering: `hub-to-spoke-${x}`,
    spokeToHubPeering: `spoke-${x}-to-hub`,
    agw: agwNames(input),
  };
}

export type SpokeTagsInput = {
  spokeNumber: number;
  clientName: string;
  ownerId: string;
  deploymentId: string;
};

export function spokeTags(input: SpokeTagsInput): Record<string, string> {
  return {
    [TAG_KEYS.managedBy]: MANAGED_BY_TAG_VALUE,
    [TAG_KEYS.spokeId]: String(input.spokeNumber),
    [TAG_KEYS.clientName]: input.clientName,
    [TAG_KEYS.owner]: input.ownerId,
    [TAG_KEYS.deploymentId]: input.deploymentId,
  };
}

/** True for a resource this product created for spoke X (tags as Azure returns them). */
export function isTaggedForSpoke(tags: Record<string, string> | null | undefined, spokeNumber: number): boolean {
  return tags?.[TAG_KEYS.managedBy] === MANAGED_BY_TAG_VALUE && tags[TAG_KEYS.spokeId] === String(spokeNumber);
}
