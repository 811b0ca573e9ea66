/**
 * resize_vm and set_ssh_key: the two VM changes of an update (ARCHITECTURE.md §5.5).
 * Azure refuses a change of osProfile after creation (lib/azure/arm/vm-day2.conformance.test.ts):
 * the key goes through the VM access extension. A resize outside the VM's hardware cluster needs a deallocate
 * first, which is downtime; the plan says so before the user confirms.
 */
import { log } from "@/lib/log";
import { defineStep, NotReadyError, StepFailure, type StepContext } from "../step-types";
import { pollUntil } from "./common";

async function readVm(ctx: StepContext, rg: string, name: string) {
  const vm = await ctx.deps.azure.getVirtualMachine(rg, name, ctx.lro);
  if (!vm) throw new StepFailure("ResourceNotFound", `VM ${name} does not exist; repair the spoke before changing it`);
  return vm;
}

async function waitRunning(ctx: StepContext, rg: string, name: string) {
  const vm = await pollUntil(
    ctx,
    async () => {
      const v = await ctx.deps.azure.getVirtualMachine(rg, name, ctx.lro);
      return v && v.provisioningState === "Succeeded" && v.powerState === "running" ? v : undefined;
    },
    5_000,
    6,
  );
  if (!vm) throw new NotReadyError("VmNotReady", `VM ${name} is not running yet`);
  return vm;
}

export const resizeVm = defineStep({
  key: "resize_vm",
  label: "Resize virtual machine",
  dependsOn: [],
  after: ["create_nic"],
  retry: { maxAttempts: 6, timeBudgetMs: 20 * 60_000 },
  inputs: (config) => ({ resourceGroup: config.resourceGroup, vm: config.names.vm, vmSize: config.vmSize }),
  async run(ctx, i) {
    const { azure } = ctx.deps;
    const before = await readVm(ctx, i.resourceGroup, i.vm);
    const previousSize = before.vmSize;
    let deallocated = false;
    if (before.vmSize?.toLowerCase() !== i.vmSize.toLowerCase()) {
      // A deallocated VM takes any size; an allocated one only its hardware cluster's.
      const allocated = before.powerState !== "deallocated";
      const inCluster =
        !allocated ||
        (await azure.listVmSizesAvailable(i.resourceGroup, i.vm, ctx.lro)).some(
          (s) => s.name.toLowerCase() === i.vmSize.toLowerCase(),
        );
      if (!inCluster) {
        await azure.vmPower(i.resourceGroup, i.vm, "deallocate", ctx.lro);
        deallocated = true;
      }
      try {
        await azure.resizeVm(i.resourceGroup, i.vm, i.vmSize, ctx.lro);
      } catch (err) {
        // Back on its previous size and running where Azure allows: a failed resize is not an outage.
        if (deallocated)
          await azure
            .vmPower(i.resourceGroup, i.vm, "start", ctx.lro)
            .catch((e: unknown) => log.warn("restart after failed resize failed", { vm: i.vm, err: String(e) }));
        throw err;
      }
    }
    const now = await readVm(ctx, i.resourceGroup, i.vm);
    if (now.powerState !== "running" && now.powerState !== "starting")
      await azure.vmPower(i.resourceGroup, i.vm, "start", ctx.lro);
    const vm = await waitRunning(ctx, i.resourceGroup, i.vm);
    return { vmSize: vm.vmSize ?? i.vmSize, previousSize, deallocated, powerState: vm.powerState };
  },
});

export const setSshKey = defineStep({
  key: "set_ssh_key",
  label: "Set SSH key (VM access extension)",
  dependsOn: [],
  after: ["resize_vm"],
  retry: "default",
  inputs: (config) => ({
    resourceGroup: config.resourceGroup,
    vm: config.names.vm,
    location: config.location,
    username: config.adminUsername,
    sshPublicKey: config.sshPublicKey,
  }),
  async run(ctx, i) {
    const ext = await ctx.deps.azure.setVmSshKey(
      i.resourceGroup,
      i.vm,
      { location: i.location, username: i.username, sshPublicKey: i.sshPublicKey },
      ctx.lro,
    );
    return { extension: ext.name, provisioningState: ext.provisioningState ?? "Succeeded", username: i.username };
  },
});
