import type { VirtualMachineExtension } from "@azure/arm-compute";
import { AzureError } from "../errors";
import type { AzureGateway, VmExtensionInfo, VmPowerAction } from "../types";
import type { ArmContext } from "./context";
import { toVirtualMachine } from "./mappers";

type Day2Ops = Pick<AzureGateway, "resizeVm" | "vmPower" | "setVmSshKey" | "getVmExtension" | "listVmSizesAvailable">;

/** The VM access extension: how Azure changes a Linux VM's SSH key once osProfile is fixed. */
export const VM_ACCESS = {
  publisher: "Microsoft.OSTCExtensions",
  type: "VMAccessForLinux",
  version: "1.5",
  name: "enablevmaccess",
};

function toExtension(e: VirtualMachineExtension): VmExtensionInfo {
  return {
    id: e.id ?? "",
    name: e.name ?? "",
    publisher: e.publisher,
    type: e.typePropertiesType,
    typeHandlerVersion: e.typeHandlerVersion,
    provisioningState: e.provisioningState,
    settings: { ...((e.settings as Record<string, unknown> | undefined) ?? {}) },
    statuses: (e.instanceView?.statuses ?? []).map((s) => ({
      code: s.code,
      level: s.level,
      displayStatus: s.displayStatus,
      message: s.message,
    })),
  };
}

export function computeDay2Ops(ctx: ArmContext): Day2Ops {
  const { compute } = ctx.clients;
  const vms = compute.virtualMachines;
  const power: Record<
    VmPowerAction,
    (rg: string, name: string, o: ReturnType<ArmContext["lro"]>) => PromiseLike<void>
  > = {
    start: (rg, name, o) => vms.start(rg, name, o),
    powerOff: (rg, name, o) => vms.powerOff(rg, name, o),
    restart: (rg, name, o) => vms.restart(rg, name, o),
    deallocate: (rg, name, o) => vms.deallocate(rg, name, o),
  };
  const getExtension = async (rg: string, vmName: string, name: string, opts?: { signal?: AbortSignal }) => {
    const e = await ctx.find(`virtualMachineExtensions.get ${vmName}/${name}`, () =>
      compute.virtualMachineExtensions.get(rg, vmName, name, { ...ctx.call(opts), expand: "instanceView" }),
    );
    return e && toExtension(e);
  };
  return {
    resizeVm: async (rg, name, vmSize, opts) => {
      await ctx.run(`virtualMachines.update ${name}`, () =>
        vms.update(rg, name, { hardwareProfile: { vmSize } }, ctx.lro(opts)),
      );
      // The PATCH answer has no instance view; read the VM back for its power state.
      const vm = await ctx.run(`virtualMachines.get ${name}`, () =>
        vms.get(rg, name, { ...ctx.call(opts), expand: "instanceView" }),
      );
      return toVirtualMachine(vm);
    },
    vmPower: async (rg, name, action, opts) => {
      await ctx.run(`virtualMachines.${action} ${name}`, async () => {
        await power[action](rg, name, ctx.lro(opts));
      });
    },
    setVmSshKey: async (rg, vmName, spec, opts) => {
      const name = spec.extensionName ?? VM_ACCESS.name;
      const op = `virtualMachineExtensions.createOrUpdate ${vmName}/${name}`;
      const body: VirtualMachineExtension = {
        location: spec.location,
        publisher: VM_ACCESS.publisher,
        typePropertiesType: VM_ACCESS.type,
        typeHandlerVersion: spec.typeHandlerVersion ?? VM_ACCESS.version,
        autoUpgradeMinorVersion: true,
        settings: {},
        protectedSettings: { username: spec.username, ssh_key: spec.sshPublicKey },
      };
      const done = await ctx.run(op, () =>
        compute.virtualMachineExtensions.createOrUpdate(rg, vmName, name, body, ctx.lro(opts)),
      );
      if (done.provisioningState !== "Succeeded") {
        throw new AzureError(
          "VMExtensionProvisioningError",
          `The VM access extension ended '${done.provisioningState ?? "unknown"}'.`,
          { operation: op },
        );
      }
      const view = await getExtension(rg, vmName, name, opts);
      return view ?? toExtension(done);
    },
    getVmExtension: getExtension,
    listVmSizesAvailable: async (rg, vmName, opts) =>
      (
        await ctx.collect(
          `virtualMachines.listAvailableSizes ${vmName}`,
          vms.listAvailableSizes(rg, vmName, ctx.call(opts)),
        )
      ).map((s) => ({
        name: s.name ?? "",
        numberOfCores: s.numberOfCores,
        memoryInMB: s.memoryInMB,
      })),
  };
}
