/**
 * getSpokeFormCatalog: what the "New spoke" form needs before the user types — the region's VM
 * sizes with vCPUs and the quota left, the address pool, the numbers in use and the suggested one.
 * Reads only. Azure failures come back as `azure_error`, so the form still works without sizes.
 */
import { and, eq, isNull } from "drizzle-orm";
import { spokes } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { limits, rateLimit } from "@/lib/rate-limit";
import { lowestFreeSpokeNumber, parseAddressPool } from "@/lib/network/address-allocation";
import { formatCidr } from "@/lib/network/cidr";
import { hubKey } from "@/lib/ledger/spoke-config";
import type { SpokeCtx } from "./context";
import { hubRef } from "./plan-spoke";
import { DEFAULT_ADMIN_USERNAME, DEFAULT_VM_SIZE } from "./schemas";

export interface VmSizeOption {
  name: string;
  family: string | null;
  vcpus: number | null;
  memory_gb: number | null;
  /** vCPUs left in the size's family quota (null when Azure reports none). */
  family_quota_left: number | null;
  family_quota_name: string | null;
  fits_quota: boolean;
}

export interface SpokeFormCatalog {
  location: string;
  address_space: string;
  prefix_length: number;
  max_spoke_number: number;
  agw_base_domain: string;
  taken_numbers: number[];
  blocked_prefixes: string[];
  next_spoke_number: number | null;
  default_vm_size: string;
  default_admin_username: string;
  total_vcpu_left: number | null;
  vm_sizes: VmSizeOption[];
  azure_error: string | null;
}

async function azureFacts(ctx: SpokeCtx) {
  const [skus, usages, hub, all] = await Promise.all([
    ctx.azure.listVmSkus(ctx.hub.location),
    ctx.azure.listComputeUsages(ctx.hub.location),
    ctx.azure.getVirtualNetwork(ctx.hub.hubResourceGroup, ctx.hub.hubVnetName),
    ctx.azure.listAllVirtualNetworks(),
  ]);
  const blocked = [
    ...(hub?.addressPrefixes ?? []),
    ...(hub?.peerings.flatMap((p) => p.remoteAddressPrefixes) ?? []),
    ...all.flatMap((v) => v.addressPrefixes),
  ];
  const total = usages.find((u) => u.name === "cores");
  const totalLeft = total ? total.limit - total.currentValue : null;
  const sizes: VmSizeOption[] = skus
    .filter((s) => !s.restricted)
    .map((s) => {
      const fam = usages.find((u) => u.name === s.family);
      const left = fam ? fam.limit - fam.currentValue : null;
      const need = s.vCpus ?? 1;
      return {
        name: s.name,
        family: s.family ?? null,
        vcpus: s.vCpus ?? null,
        memory_gb: s.memoryGb ?? null,
        family_quota_left: left,
        family_quota_name: fam?.localizedName ?? null,
        fits_quota: (left === null || left >= need) && (totalLeft === null || totalLeft >= need),
      };
    })
    .sort((a, b) => (a.vcpus ?? 0) - (b.vcpus ?? 0) || a.name.localeCompare(b.name));
  return { sizes, blocked: [...new Set(blocked)], totalLeft };
}

export async function getSpokeFormCatalog({ ctx }: { ctx: SpokeCtx }): Promise<SpokeFormCatalog> {
  // Each catalog reads Azure (sizes, usages): limited per user like the plan.
  await rateLimit(ctx.db, `spoke-form:${ctx.actor.id}`, limits(ctx.limits).spokeForm, "form catalog requests");
  const pool = parseAddressPool(ctx.hub.addressSpace, ctx.hub.prefixLength);
  if (!pool.ok) throw new AppError("internal", `SPOKE_ADDRESS_SPACE is invalid: ${pool.error}`);
  const rows = await ctx.db
    .select({ n: spokes.spokeNumber })
    .from(spokes)
    .where(and(eq(spokes.hub, hubKey(hubRef(ctx))), isNull(spokes.deletedAt)));
  const taken = rows.map((r) => r.n).sort((a, b) => a - b);
  let facts: Awaited<ReturnType<typeof azureFacts>> = { sizes: [], blocked: [], totalLeft: null };
  let azureError: string | null = null;
  try {
    facts = await azureFacts(ctx);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    azureError = `${e.code ?? "Error"}: ${e.message ?? String(err)}`;
  }
  return {
    location: ctx.hub.location,
    address_space: formatCidr(pool.pool.space),
    prefix_length: pool.pool.prefixLength,
    max_spoke_number: pool.pool.maxSpokeNumber,
    agw_base_domain: ctx.hub.agwBaseDomain,
    taken_numbers: taken,
    blocked_prefixes: facts.blocked,
    next_spoke_number: lowestFreeSpokeNumber(pool.pool, taken, facts.blocked),
    default_vm_size: DEFAULT_VM_SIZE,
    default_admin_username: DEFAULT_ADMIN_USERNAME,
    total_vcpu_left: facts.totalLeft,
    vm_sizes: facts.sizes,
    azure_error: azureError,
  };
}
