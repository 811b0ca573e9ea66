import { ArmError } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { page, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import type { SimContext } from "../context";
import type { JsonObject } from "../types";
import { LOCATIONS, TYPES, normLocation } from "./common";

/** The VM sizes this "region" offers; two are restricted to exercise SkuNotAvailable. */
export interface VmSize {
  name: string;
  family: string;
  vCpus: number;
  memoryGb: number;
  maxDataDisks: number;
  restricted?: boolean;
}

export const VM_SIZES: VmSize[] = [
  { name: "Standard_B1s", family: "standardBSFamily", vCpus: 1, memoryGb: 1, maxDataDisks: 2 },
  { name: "Standard_B1ms", family: "standardBSFamily", vCpus: 1, memoryGb: 2, maxDataDisks: 2 },
  { name: "Standard_B2s", family: "standardBSFamily", vCpus: 2, memoryGb: 4, maxDataDisks: 4 },
  { name: "Standard_B2ms", family: "standardBSFamily", vCpus: 2, memoryGb: 8, maxDataDisks: 4 },
  { name: "Standard_B4ms", family: "standardBSFamily", vCpus: 4, memoryGb: 16, maxDataDisks: 8 },
  { name: "Standard_D2s_v3", family: "standardDSv3Family", vCpus: 2, memoryGb: 8, maxDataDisks: 4 },
  { name: "Standard_D4s_v3", family: "standardDSv3Family", vCpus: 4, memoryGb: 16, maxDataDisks: 8 },
  { name: "Standard_D8s_v3", family: "standardDSv3Family", vCpus: 8, memoryGb: 32, maxDataDisks: 16 },
  { name: "Standard_D2s_v5", family: "standardDSv5Family", vCpus: 2, memoryGb: 8, maxDataDisks: 4 },
  { name: "Standard_D4s_v5", family: "standardDSv5Family", vCpus: 4, memoryGb: 16, maxDataDisks: 8 },
  { name: "Standard_DS1_v2", family: "standardDSv2Family", vCpus: 1, memoryGb: 3.5, maxDataDisks: 4 },
  { name: "Standard_DS2_v2", family: "standardDSv2Family", vCpus: 2, memoryGb: 7, maxDataDisks: 8 },
  { name: "Standard_A1_v2", family: "standardAv2Family", vCpus: 1, memoryGb: 2, maxDataDisks: 2 },
  { name: "Standard_A2_v2", family: "standardAv2Family", vCpus: 2, memoryGb: 4, maxDataDisks: 4 },
  { name: "Standard_F2s_v2", family: "standardFSv2Family", vCpus: 2, memoryGb: 4, maxDataDisks: 4 },
  {
    name: "Standard_NC6s_v3",
    family: "standardNCSv3Family",
    vCpus: 6,
    memoryGb: 112,
    maxDataDisks: 12,
    restricted: true,
  },
  {
    name: "Standard_M128ms",
    family: "standardMSFamily",
    vCpus: 128,
    memoryGb: 3892,
    maxDataDisks: 64,
    restricted: true,
  },
];

const FAMILY_LABEL = (family: string) =>
  `Standard ${family.replace(/^standard/, "").replace(/Family$/, "")} Family vCPUs`;
const DEFAULT_LIMITS: Record<string, number> = { cores: 100, virtualMachines: 25000, availabilitySets: 2500 };
const DEFAULT_FAMILY_LIMIT = 100;

export function findSize(name: string | undefined): VmSize | undefined {
  return VM_SIZES.find((s) => s.name.toLowerCase() === (name ?? "").toLowerCase());
}

export function quotaLimit(sim: SimContext, location: string, name: string): number {
  const o = sim.state.quotaOverrides;
  const fallback =
    DEFAULT_LIMITS[name] ?? (VM_SIZES.some((s) => s.family === name && s.restricted) ? 0 : DEFAULT_FAMILY_LIMIT);
  return o[`${location}/${name}`.toLowerCase()] ?? o[`*/${name}`.toLowerCase()] ?? fallback;
}

/** Current usage counts VMs that hold cores (deallocated ones do not). */
export function currentUsage(sim: SimContext, sub: string, location: string): Map<string, number> {
  const usage = new Map<string, number>([
    ["cores", 0],
    ["virtualMachines", 0],
    ["availabilitySets", 0],
  ]);
  for (const vm of sim.state.list(TYPES.vm, `/subscriptions/${sub}`)) {
    if (vm.body.location !== location) continue;
    usage.set("virtualMachines", (usage.get("virtualMachines") ?? 0) + 1);
    if (vm.meta.powerState === "deallocated") continue;
    const size = findSize(
      String(
        (vm.body.properties as JsonObject | undefined)?.hardwareProfile &&
          ((vm.body.properties as JsonObject).hardwareProfile as JsonObject).vmSize,
      ),
    );
    if (!size) continue;
    usage.set("cores", (usage.get("cores") ?? 0) + size.vCpus);
    usage.set(size.family, (usage.get(size.family) ?? 0) + size.vCpus);
  }
  return usage;
}

/** CRP's synchronous quota check: 409 OperationNotAllowed (ARM-REFERENCE §9.6). */
export function checkQuota(
  sim: SimContext,
  sub: string,
  location: string,
  size: VmSize,
  forced: boolean,
  extraCores = size.vCpus,
  familyExtra = extraCores,
): void {
  const usage = currentUsage(sim, sub, location);
  for (const [name, label, extra] of [
    ["cores", "Total Regional Cores", extraCores],
    [size.family, `${size.family} Cores`, familyExtra],
  ] as const) {
    const limit = forced ? (usage.get(name) ?? 0) : quotaLimit(sim, location, name);
    const used = usage.get(name) ?? 0;
    if (used + extra > limit) {
      throw new ArmError(
        409,
        "OperationNotAllowed",
        `Operation could not be completed as it results in exceeding approved ${label} quota. Additional details - Deployment Model: Resource Manager, Location: ${location}, Current Limit: ${limit}, Current Usage: ${used}, Additional Required: ${extra}, (Minimum) New Limit Required: ${used + extra}. Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView by specifying parameters listed in the 'Details' section for deployment to succeed. Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/per-vm-quota-requests`,
      );
    }
  }
}

export function skuNotAvailable(size: string, location: string): ArmError {
  return new ArmError(
    409,
    "SkuNotAvailable",
    `The requested VM size for resource 'Following SKUs have failed for Capacity Restrictions: ${size}' is currently not available in location '${location}'. Please try another size or deploy to a different location or different zone. See https://aka.ms/azureskunotavailable for details.`,
  );
}

function listUsages(ctx: Ctx) {
  const location = normLocation(ctx.params.location);
  const usage = currentUsage(ctx.sim, ctx.params.sub ?? "", location);
  const names: [string, string][] = [
    ["availabilitySets", "Availability Sets"],
    ["cores", "Total Regional vCPUs"],
    ["virtualMachines", "Virtual Machines"],
    ...[...new Set(VM_SIZES.map((s) => s.family))].map((f): [string, string] => [f, FAMILY_LABEL(f)]),
  ];
  const items = names.map(([value, localizedValue]) => ({
    unit: "Count",
    currentValue: usage.get(value) ?? 0,
    limit: quotaLimit(ctx.sim, location, value),
    name: { value, localizedValue },
  }));
  return page(ctx, `/subscriptions/${ctx.params.sub}/providers/Microsoft.Compute/locations/${location}/usages`, items);
}

function skuEntry(size: VmSize, locations: string[]): JsonObject {
  const cap = (name: string, value: string) => ({ name, value });
  return {
    resourceType: "virtualMachines",
    name: size.name,
    tier: "Standard",
    size: size.name.replace(/^Standard_/, ""),
    family: size.family,
    locations,
    locationInfo: locations.map((location) => ({ location, zones: ["1", "2", "3"], zoneDetails: [] })),
    capabilities: [
      cap("vCPUs", String(size.vCpus)),
      cap("MemoryGB", String(size.memoryGb)),
      cap("MaxDataDiskCount", String(size.maxDataDisks)),
      cap("HyperVGenerations", "V1,V2"),
      cap("vCPUsAvailable", String(size.vCpus)),
      cap("PremiumIO", "True"),
      cap("LowPriorityCapable", "True"),
      cap("AcceleratedNetworkingEnabled", size.vCpus >= 2 ? "True" : "False"),
    ],
    restrictions: size.restricted
      ? [
          {
            type: "Location",
            values: locations,
            restrictionInfo: { locations },
            reasonCode: "NotAvailableForSubscription",
          },
        ]
      : [],
  };
}

function listSkus(ctx: Ctx) {
  const filter = ctx.query["$filter"] ?? "";
  const m = /location\s+eq\s+'([^']+)'/i.exec(filter);
  const locations = m ? [normLocation(m[1])] : LOCATIONS;
  return page(
    ctx,
    `/subscriptions/${ctx.params.sub}/providers/Microsoft.Compute/skus`,
    VM_SIZES.map((s) => skuEntry(s, locations)),
  );
}

export function sizeEntries(): JsonObject[] {
  return VM_SIZES.filter((s) => !s.restricted).map((s) => ({
    name: s.name,
    numberOfCores: s.vCpus,
    osDiskSizeInMB: 1047552,
    resourceDiskSizeInMB: s.vCpus * 8192,
    memoryInMB: Math.round(s.memoryGb * 1024),
    maxDataDiskCount: s.maxDataDisks,
  }));
}

function listSizes(ctx: Ctx) {
  normLocation(ctx.params.location);
  return { status: 200, body: { value: sizeEntries() } };
}

/** Compute's per-location catalog: usages (quota), resource SKUs and VM sizes. */
export const computeCatalog: ResourceModule = {
  type: "Microsoft.Compute/locations",
  typeName: "locations/usages",
  api: API_VERSIONS.compute,
  routes: [
    {
      method: "GET",
      path: "/subscriptions/{sub}/providers/microsoft.compute/locations/{location}/usages",
      operation: "usage.list",
      handler: listUsages,
      nameParam: "location",
    },
    {
      method: "GET",
      path: "/subscriptions/{sub}/providers/microsoft.compute/skus",
      operation: "resourceSkus.list",
      api: API_VERSIONS.skus,
      typeName: "skus",
      handler: listSkus,
      nameParam: "sub",
    },
    {
      method: "GET",
      path: "/subscriptions/{sub}/providers/microsoft.compute/locations/{location}/vmsizes",
      operation: "virtualMachineSizes.list",
      typeName: "locations/vmSizes",
      handler: listSizes,
      nameParam: "location",
    },
  ],
};
