/**
 * The pure half of pre-flight (ARCHITECTURE.md §5.1 validate_config, §8): everything about a spoke
 * request that can be decided without Azure or the database's final word. The browser form,
 * planSpoke and validate_config call it with the same input, so they agree on every message.
 * Field keys follow the original API's body (`spoke_id`, `subnets.vm_subnet_prefix` …).
 */
import {
  type AddressPool,
  type BlockedPrefix,
  conflictsForSpoke,
  lowestFreeSpokeNumber,
  spokeBlock,
  spokeNumberError,
} from "./address-allocation";
import { formatCidr } from "./cidr";
import { sanitizeClientName } from "./client-name";
import { type SpokeResourceNames, spokeResourceNames } from "./resource-names";
import { type SshKeyType, parseSshPublicKey } from "./ssh-key";
import { type PlannedSubnet, planSubnets, type SubnetOverrides } from "./subnet-plan";
import { adminUsernameError, vmNameError } from "./vm-input";

export type SpokePlanInput = {
  /** Optional: the lowest free number is taken when absent. */
  spokeNumber?: number | null;
  clientName: unknown;
  sshPublicKey: unknown;
  adminUsername: string;
  vmName?: string | null;
  subnets?: SubnetOverrides;
  backendPoolName?: string | null;
  routingRuleName?: string | null;
};

export type SpokePlanEnvironment = {
  pool: AddressPool;
  agwBaseDomain: string;
  /** Numbers held by non-deleted spokes of this hub. */
  takenNumbers: Iterable<number>;
  /** Hub address space, VNets peered to the hub, VNets in the resource group. */
  blockedPrefixes: readonly BlockedPrefix[];
};

export type SpokePlan = {
  spokeNumber: number;
  clientName: string;
  addressPrefix: string;
  subnets: PlannedSubnet[];
  names: SpokeResourceNames;
  sshKey: { type: SshKeyType; bits: number; normalized: string };
};

/** `invalid` → 400; `conflict` (number taken, range in use) → 409; `exhausted` → no block left. */
export type SpokePlanResult =
  | { ok: true; plan: SpokePlan }
  | { ok: false; code: "invalid" | "conflict" | "exhausted"; fieldErrors: Record<string, string> };

function chooseNumber(
  input: SpokePlanInput,
  env: SpokePlanEnvironment,
): { spokeNumber: number } | { code: "invalid" | "conflict" | "exhausted"; error: string } {
  const requested = input.spokeNumber;
  if (requested === undefined || requested === null) {
    const free = lowestFreeSpokeNumber(env.pool, env.takenNumbers, env.blockedPrefixes);
    return free === null
      ? { code: "exhausted", error: "No free spoke address block is left in the pool" }
      : { spokeNumber: free };
  }
  const rangeError = spokeNumberError(env.pool, requested);
  if (rangeError) return { code: "invalid", error: rangeError };
  if (new Set(env.takenNumbers).has(requested)) return { code: "conflict", error: `Spoke ${requested} already exists` };
  const conflicts = conflictsForSpoke(env.pool, requested, env.blockedPrefixes);
  if (conflicts.length > 0) {
    const block = formatCidr(spokeBlock(env.pool, requested));
    return {
      code: "conflict",
      error: `Spoke ${requested}'s range ${block} overlaps ${conflicts.map(formatCidr).join(", ")}, already in use`,
    };
  }
  return { spokeNumber: requested };
}

function vmInputErrors(input: SpokePlanInput): Record<string, string> {
  const errors: Record<string, string> = {};
  const adminError = adminUsernameError(input.adminUsername);
  if (adminError) errors.admin_username = adminError;
  const vmError = input.vmName ? vmNameError(input.vmName) : null;
  if (vmError) errors.vm_name = vmError;
  return errors;
}

export function planSpokeNetwork(input: SpokePlanInput, env: SpokePlanEnvironment): SpokePlanResult {
  const fieldErrors = vmInputErrors(input);
  const key = parseSshPublicKey(input.sshPublicKey);
  if (!key.ok) fieldErrors.ssh_public_key = key.error;
  const client = sanitizeClientName(input.clientName);
  if (!client.ok) fieldErrors.client_name = client.error;
  const number = chooseNumber(input, env);
  if ("error" in number) fieldErrors.spoke_id = number.error;
  const spokeNumber = "spokeNumber" in number ? number.spokeNumber : null;
  const block = spokeNumber === null ? null : spokeBlock(env.pool, spokeNumber);
  const subnets = block && spokeNumber !== null ? planSubnets(spokeNumber, block, input.subnets) : null;
  if (subnets && !subnets.ok) {
    for (const [field, message] of Object.entries(subnets.fieldErrors)) fieldErrors[`subnets.${field}`] = message;
  }
  if (Object.keys(fieldErrors).length > 0 || !client.ok || !key.ok || !subnets?.ok || spokeNumber === null || !block) {
    // Input mistakes come first: a 409 for a request that would fail anyway helps nobody.
    const onlyNumber = Object.keys(fieldErrors).every((field) => field === "spoke_id");
    const code = onlyNumber && "code" in number ? number.code : "invalid";
    return { ok: false, code, fieldErrors };
  }
  const names = spokeResourceNames({
    spokeNumber,
    clientName: client.name,
    agwBaseDomain: env.agwBaseDomain,
    vmName: input.vmName,
    backendPoolName: input.backendPoolName,
    routingRuleName: input.routingRuleName,
  });
  return {
    ok: true,
    plan: {
      spokeNumber,
      clientName: client.name,
      addressPrefix: formatCidr(block),
      subnets: subnets.subnets,
      names,
      sshKey: { type: key.key.type, bits: key.key.bits, normalized: key.key.normalized },
    },
  };
}
