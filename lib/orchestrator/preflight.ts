/**
 * The Azure half of pre-flight (ARCHITECTURE.md §5.1 validate_config, §8): what only Azure can answer.
 * Reads only. planSpoke shows these checks; validate_config fails on the first that does not pass.
 */
import type { AzureGateway, CallOptions, VirtualNetworkInfo } from "@/lib/azure/types";
import { cidr, formatCidr, overlaps } from "@/lib/network/cidr";
import { isTaggedForSpoke } from "@/lib/network/resource-names";
import { SHARE_MS, SKUS_SHARE_MS, sharedRead } from "./shared-reads";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";

export interface PreflightCheck {
  key: "hub" | "address_space" | "vm_size" | "quota" | "names" | "gateway_capacity";
  label: string;
  ok: boolean;
  /** Azure's (or an Azure-style) error code when the check fails. */
  code?: string;
  message: string;
}

export interface PreflightInput {
  azure: AzureGateway;
  config: Pick<
    SpokeConfig,
    "spokeNumber" | "addressPrefix" | "location" | "resourceGroup" | "vmSize" | "names" | "hub"
  >;
  opts?: CallOptions;
  /** Wall ms per Azure ms (the simulator's time scale; 1 against Azure): scales how long reads are shared. */
  timeScale?: number;
}

/** How long a shared read is reused, in wall ms: `azureMs` on the simulator's clock. */
const shareOf = (input: PreflightInput, azureMs: number) => azureMs * (input.timeScale ?? 1);

/** The spoke's own resources (from an earlier attempt) do not count as conflicts. */
const ours = (tags: Record<string, string> | undefined, n: number) => isTaggedForSpoke(tags ?? {}, n);

async function checkAddressSpace(
  input: PreflightInput,
  hub: VirtualNetworkInfo,
  vnets: VirtualNetworkInfo[],
): Promise<PreflightCheck> {
  const { config } = input;
  const block = cidr(config.addressPrefix);
  const label = `Address space ${config.addressPrefix} is free`;
  const hit = (prefixes: string[]) => prefixes.find((p) => overlaps(block, cidr(p)));
  const hubHit = hit(hub.addressPrefixes);
  if (hubHit)
    return {
      key: "address_space",
      label,
      ok: false,
      code: "VnetAddressSpacesOverlap",
      message: `${config.addressPrefix} overlaps the hub's ${hubHit}`,
    };
  const peered = hub.peerings.flatMap((p) => p.remoteAddressPrefixes.map((prefix) => ({ prefix, peering: p.name })));
  for (const p of peered) {
    if (p.peering === config.names.hubToSpokePeering) continue;
    if (overlaps(block, cidr(p.prefix))) {
      return {
        key: "address_space",
        label,
        ok: false,
        code: "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet",
        message: `${config.addressPrefix} overlaps ${p.prefix}, already peered to the hub (${p.peering})`,
      };
    }
  }
  for (const v of vnets) {
    if (v.id === hub.id || (v.name === config.names.vnet && ours(v.tags, config.spokeNumber))) continue;
    const vHit = hit(v.addressPrefixes);
    if (vHit)
      return {
        key: "address_space",
        label,
        ok: false,
        code: "VnetAddressSpacesOverlap",
        message: `${config.addressPrefix} overlaps ${vHit} of VNet ${v.name} (${v.resourceGroup})`,
      };
  }
  return {
    key: "address_space",
    label,
    ok: true,
    message: `${formatCidr(block)} overlaps neither the hub, its peers, nor any VNet in the subscription`,
  };
}

async function checkSizeAndQuota(input: PreflightInput, vmExists: boolean): Promise<PreflightCheck[]> {
  const { azure, config } = input;
  const [skus, usages] = await Promise.all([
    // The region's VM sizes and their restrictions change rarely (Azure checks the size again at
    // the VM PUT): shared for SKUS_SHARE_MS, not the seconds the quota and address reads are.
    sharedRead(
      azure,
      `skus|${config.location}`,
      () => azure.listVmSkus(config.location),
      Date.now,
      shareOf(input, SKUS_SHARE_MS),
    ),
    sharedRead(
      azure,
      `usages|${config.location}`,
      () => azure.listComputeUsages(config.location),
      Date.now,
      shareOf(input, SHARE_MS),
    ),
  ]);
  const sku = skus.find((s) => s.name.toLowerCase() === config.vmSize.toLowerCase());
  const sizeLabel = `VM size ${config.vmSize} is offered in ${config.location}`;
  if (!sku || sku.restricted) {
    const why = sku
      ? `restricted: ${sku.restrictionReasons.join(", ") || "NotAvailableForSubscription"}`
      : "not offered";
    return [
      {
        key: "vm_size",
        label: sizeLabel,
        ok: false,
        code: "SkuNotAvailable",
        message: `The requested VM size ${config.vmSize} is ${why} in location '${config.location}'`,
      },
      {
        key: "quota",
        label: "vCPU quota",
        ok: false,
        code: "SkuNotAvailable",
        message: "Not checked: the size is not available",
      },
    ];
  }
  const size: PreflightCheck = {
    key: "vm_size",
    label: sizeLabel,
    ok: true,
    message: `${sku.vCpus ?? "?"} vCPUs, ${sku.memoryGb ?? "?"} GB`,
  };
  const need = vmExists ? 0 : (sku.vCpus ?? 1);
  const family = usages.find((u) => u.name === sku.family);
  const total = usages.find((u) => u.name === "cores");
  for (const u of [family, total]) {
    if (u && u.currentValue + need > u.limit) {
      return [
        size,
        {
          key: "quota",
          label: `vCPU quota (${u.localizedName})`,
          ok: false,
          code: "OperationNotAllowed",
          message: `Operation could not be completed as it results in exceeding approved ${u.localizedName} quota. Current usage: ${u.currentValue}, limit: ${u.limit}, additional required: ${need}`,
        },
      ];
    }
  }
  const left = family ? family.limit - family.currentValue : undefined;
  return [
    size,
    {
      key: "quota",
      label: `vCPU quota (${family?.localizedName ?? sku.family ?? "family"})`,
      ok: true,
      message: left === undefined ? "no family quota reported" : `${need} needed, ${left} left`,
    },
  ];
}

export async function runPreflight(input: PreflightInput): Promise<PreflightCheck[]> {
  const { azure, config, opts } = input;
  const [hub, gateway, vnets, existingVm] = await Promise.all([
    sharedRead(
      azure,
      `hub|${config.hub.resourceGroup}|${config.hub.vnetName}`,
      () => azure.getVirtualNetwork(config.hub.resourceGroup, config.hub.vnetName),
      Date.now,
      shareOf(input, SHARE_MS),
    ),
    sharedRead(
      azure,
      `agw|${config.hub.resourceGroup}|${config.hub.gatewayName}`,
      () => azure.getApplicationGateway(config.hub.resourceGroup, config.hub.gatewayName),
      Date.now,
      shareOf(input, SHARE_MS),
    ),
    sharedRead(azure, "vnets", () => azure.listAllVirtualNetworks(), Date.now, shareOf(input, SHARE_MS)),
    azure.getVirtualMachine(config.resourceGroup, config.names.vm, opts),
  ]);
  // The subscription's VNet list (read for the address check) already says whether the name is taken.
  const existingVnet = vnets.find(
    (v) =>
      v.name.toLowerCase() === config.names.vnet.toLowerCase() &&
      v.resourceGroup.toLowerCase() === config.resourceGroup.toLowerCase(),
  );
  if (!hub || !gateway) {
    const missing = !hub ? `VNet ${config.hub.vnetName}` : `Application Gateway ${config.hub.gatewayName}`;
    return [
      {
        key: "hub",
        label: "Hub exists",
        ok: false,
        code: "ResourceNotFound",
        message: `The hub's ${missing} was not found in resource group ${config.hub.resourceGroup}. An admin can bootstrap the hub.`,
      },
    ];
  }
  const checks: PreflightCheck[] = [
    { key: "hub", label: "Hub exists", ok: true, message: `${hub.name} and ${gateway.name} found` },
  ];
  checks.push(await checkAddressSpace(input, hub, vnets));
  checks.push(...(await checkSizeAndQuota(input, Boolean(existingVm && ours(existingVm.tags, config.spokeNumber)))));
  const taken = [
    existingVnet && !ours(existingVnet.tags, config.spokeNumber) ? `VNet ${config.names.vnet}` : null,
    existingVm && !ours(existingVm.tags, config.spokeNumber) ? `VM ${config.names.vm}` : null,
  ].filter(Boolean);
  checks.push(
    taken.length
      ? {
          key: "names",
          label: "Resource names are free",
          ok: false,
          code: "ResourceNameConflict",
          message: `${taken.join(" and ")} already exist and are not managed by this console`,
        }
      : {
          key: "names",
          label: "Resource names are free",
          ok: true,
          message: `${config.names.vnet}, ${config.names.vm} and their dependants are free`,
        },
  );
  return checks;
}
