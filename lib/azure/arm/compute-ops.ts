import type { ResourceSku, VirtualMachine } from "@azure/arm-compute";
import type { AzureGateway, VmSkuInfo } from "../types";
import type { ArmContext } from "./context";
import { toDisk, toVirtualMachine } from "./mappers";

type ComputeOps = Pick<
  AzureGateway,
  | "createOrUpdateVirtualMachine"
  | "getVirtualMachine"
  | "deleteVirtualMachine"
  | "startVirtualMachine"
  | "powerOffVirtualMachine"
  | "getDisk"
  | "deleteDisk"
  | "listComputeUsages"
  | "listVmSkus"
  | "listAvailableVmSizes"
  | "listResourcesByTag"
  | "listSubscriptionResources"
>;

export const UBUNTU_2204_GEN2 = {
  publisher: "Canonical",
  offer: "0001-com-ubuntu-server-jammy",
  sku: "22_04-lts-gen2",
  version: "latest",
};

function vmBody(spec: Parameters<AzureGateway["createOrUpdateVirtualMachine"]>[2], name: string): VirtualMachine {
  const image = spec.image ?? UBUNTU_2204_GEN2;
  return {
    location: spec.location,
    tags: spec.tags,
    hardwareProfile: { vmSize: spec.vmSize },
    storageProfile: {
      imageReference: {
        publisher: image.publisher,
        offer: image.offer,
        sku: image.sku,
        version: image.version ?? "latest",
      },
      osDisk: {
        name: spec.osDiskName,
        createOption: "FromImage",
        caching: "ReadWrite",
        managedDisk: { storageAccountType: "Standard_LRS" },
      },
    },
    osProfile: {
      computerName: name,
      adminUsername: spec.adminUsername,
      ...(spec.customData ? { customData: Buffer.from(spec.customData, "utf8").toString("base64") } : {}),
      linuxConfiguration: {
        disablePasswordAuthentication: true,
        ssh: { publicKeys: [{ path: `/home/${spec.adminUsername}/.ssh/authorized_keys`, keyData: spec.sshPublicKey }] },
      },
    },
    networkProfile: { networkInterfaces: [{ id: spec.networkInterfaceId, primary: true }] },
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
  };
}

function toSku(s: ResourceSku, location: string): VmSkuInfo {
  const cap = (n: string) => s.capabilities?.find((c) => c.name === n)?.value;
  const restrictions = (s.restrictions ?? []).filter(
    (r) => !r.values || r.values.some((v) => v.toLowerCase() === location.toLowerCase()),
  );
  return {
    name: s.name ?? "",
    family: s.family,
    vCpus: cap("vCPUs") ? Number(cap("vCPUs")) : undefined,
    memoryGb: cap("MemoryGB") ? Number(cap("MemoryGB")) : undefined,
    restricted: restrictions.length > 0,
    restrictionReasons: restrictions.map((r) => r.reasonCode ?? r.type ?? "Restricted"),
  };
}

export function computeOps(ctx: ArmContext): ComputeOps {
  const { compute, resources } = ctx.clients;
  return {
    createOrUpdateVirtualMachine: async (rg, name, spec, opts) =>
      toVirtualMachine(
        await ctx.run(`virtualMachines.createOrUpdate ${name}`, () =>
          compute.virtualMachines.createOrUpdate(rg, name, vmBody(spec, name), ctx.lro(opts)),
        ),
      ),
    getVirtualMachine: async (rg, name, opts) => {
      const vm = await ctx.find(`virtualMachines.get ${name}`, () =>
        compute.virtualMachines.get(rg, name, { ...ctx.call(opts), expand: "instanceView" }),
      );
      return vm && toVirtualMachine(vm);
    },
    deleteVirtualMachine: (rg, name, opts) =>
      ctx.remove(`virtualMachines.delete ${name}`, () =>
        compute.virtualMachines.delete(rg, name, {
          ...ctx.lro(opts),
          ...(opts?.forceDeletion ? { forceDeletion: true } : {}),
        }),
      ),
    startVirtualMachine: (rg, name, opts) =>
      ctx.run(`virtualMachines.start ${name}`, () => compute.virtualMachines.start(rg, name, ctx.lro(opts))),
    powerOffVirtualMachine: (rg, name, opts) =>
      ctx.run(`virtualMachines.powerOff ${name}`, () => compute.virtualMachines.powerOff(rg, name, ctx.lro(opts))),

    getDisk: async (rg, name, opts) => {
      const d = await ctx.find(`disks.get ${name}`, () => compute.disks.get(rg, name, ctx.call(opts)));
      return d && toDisk(d);
    },
    deleteDisk: (rg, name, opts) =>
      ctx.remove(`disks.delete ${name}`, () => compute.disks.delete(rg, name, ctx.lro(opts))),

    listComputeUsages: async (location, opts) =>
      (await ctx.collect(`usage.list ${location}`, compute.usage.list(location, ctx.call(opts)))).map((u) => ({
        name: u.name.value ?? "",
        localizedName: u.name.localizedValue ?? "",
        currentValue: u.currentValue,
        limit: u.limit,
        unit: u.unit,
      })),
    listVmSkus: async (location, opts) =>
      (
        await ctx.collect(
          `resourceSkus.list ${location}`,
          compute.resourceSkus.list({ ...ctx.call(opts), filter: `location eq '${location}'` }),
        )
      )
        .filter((s) => s.resourceType === "virtualMachines")
        .map((s) => toSku(s, location)),
    listAvailableVmSizes: async (location, opts) =>
      (
        await ctx.collect(
          `virtualMachineSizes.list ${location}`,
          compute.virtualMachineSizes.list(location, ctx.call(opts)),
        )
      ).map((s) => ({
        name: s.name ?? "",
        numberOfCores: s.numberOfCores,
        memoryInMB: s.memoryInMB,
      })),

    listResourcesByTag: async (rg, tag, opts) => {
      const quote = (s: string) => s.replace(/'/g, "''");
      const filter =
        tag.value === undefined
          ? `tagName eq '${quote(tag.name)}'`
          : `tagName eq '${quote(tag.name)}' and tagValue eq '${quote(tag.value)}'`;
      const list = await ctx.find(`resources.listByResourceGroup ${rg}`, () =>
        ctx.collect(
          `resources.listByResourceGroup ${rg}`,
          resources.resources.listByResourceGroup(rg, { ...ctx.call(opts), filter }),
        ),
      );
      return (list ?? []).map((r) => ({
        id: r.id ?? "",
        name: r.name ?? "",
        type: r.type ?? "",
        location: r.location ?? "",
        tags: r.tags,
      }));
    },
    listSubscriptionResources: async (opts) =>
      (await ctx.collect("resources.list", resources.resources.list(ctx.call(opts)))).map((r) => ({
        id: r.id ?? "",
        name: r.name ?? "",
        type: r.type ?? "",
        location: r.location ?? "",
        tags: r.tags ?? {},
      })),
  };
}
