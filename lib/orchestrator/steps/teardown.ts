/**
 * Teardown and rollback steps, applied to what exists (ARCHITECTURE.md §5.2): each looks the resource up
 * in Azure first, whatever the create's step state said, and deletes only what this console
 * made for this spoke (tags; for the hub's peering, its remote VNet).
 */
import { isTaggedForSpoke } from "@/lib/network/resource-names";
import { defineStep, type StepContext } from "../step-types";
import { spokeVnetId, teardownInputs } from "./common";

const mine = (ctx: StepContext, tags: Record<string, string> | undefined) =>
  isTaggedForSpoke(tags ?? {}, ctx.config.spokeNumber);
const sameId = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

type Outcome = { existed: boolean; deleted: boolean; note?: string };

async function deleteIfMine<T extends { tags: Record<string, string> }>(
  ctx: StepContext,
  get: () => Promise<T | undefined>,
  del: () => Promise<void>,
  label: string,
): Promise<Outcome> {
  const found = await get();
  if (!found) return { existed: false, deleted: false };
  if (!mine(ctx, found.tags))
    return {
      existed: true,
      deleted: false,
      note: `${label} exists but is not managed by this console for spoke ${ctx.config.spokeNumber}; left in place`,
    };
  await del();
  return { existed: true, deleted: true };
}

export const deleteVm = defineStep({
  key: "delete_vm",
  label: "Delete virtual machine",
  dependsOn: ["remove_agw_entries"],
  retry: "default",
  inputs: teardownInputs,
  teardown: true,
  async run(ctx) {
    const { config, deps } = ctx;
    return deleteIfMine(
      ctx,
      () => deps.azure.getVirtualMachine(config.resourceGroup, config.names.vm, ctx.lro),
      () => deps.azure.deleteVirtualMachine(config.resourceGroup, config.names.vm, { ...ctx.lro, forceDeletion: true }),
      `VM ${config.names.vm}`,
    );
  },
});

export const deleteOsDisk = defineStep({
  key: "delete_os_disk",
  label: "Delete OS disk",
  dependsOn: ["delete_vm"],
  retry: "default",
  inputs: teardownInputs,
  teardown: true,
  async run(ctx) {
    const { config, deps } = ctx;
    const disk = await deps.azure.getDisk(config.resourceGroup, config.names.osDisk, ctx.lro);
    if (!disk) return { existed: false, deleted: false };
    // The OS disk is made by Azure from the VM and may not carry our tags; its name and owner tie it to the spoke.
    const attachedElsewhere =
      disk.managedBy && !disk.managedBy.toLowerCase().endsWith(`/${config.names.vm.toLowerCase()}`);
    if (attachedElsewhere || (Object.keys(disk.tags).length > 0 && !mine(ctx, disk.tags))) {
      return { existed: true, deleted: false, note: `Disk ${disk.name} belongs to something else; left in place` };
    }
    await deps.azure.deleteDisk(config.resourceGroup, config.names.osDisk, ctx.lro);
    return { existed: true, deleted: true };
  },
});

export const deleteNic = defineStep({
  key: "delete_nic",
  label: "Delete network interface",
  dependsOn: ["delete_vm"],
  retry: { maxAttempts: 20, timeBudgetMs: 6 * 60_000 },
  inputs: teardownInputs,
  teardown: true,
  async run(ctx) {
    const { config, deps } = ctx;
    // NicReservedForAnotherVm (180 s after a failed VM create) and NicInUse are transient here: the retry policy waits them out.
    return deleteIfMine(
      ctx,
      () => deps.azure.getNetworkInterface(config.resourceGroup, config.names.nic, ctx.lro),
      () => deps.azure.deleteNetworkInterface(config.resourceGroup, config.names.nic, ctx.lro),
      `NIC ${config.names.nic}`,
    );
  },
});

export const deletePeerings = defineStep({
  key: "delete_peerings",
  label: "Delete hub and spoke peerings",
  dependsOn: [],
  retry: "default",
  inputs: teardownInputs,
  teardown: true,
  async run(ctx) {
    const { config, deps } = ctx;
    const hubSide = await deps.azure.getPeering(
      config.hub.resourceGroup,
      config.hub.vnetName,
      config.names.hubToSpokePeering,
      ctx.lro,
    );
    const hubOurs = hubSide && sameId(hubSide.remoteVirtualNetworkId, spokeVnetId(ctx));
    const vnet = await deps.azure.getVirtualNetwork(config.resourceGroup, config.names.vnet, ctx.lro);
    const spokeSide =
      vnet && mine(ctx, vnet.tags) ? vnet.peerings.find((p) => p.name === config.names.spokeToHubPeering) : undefined;
    // Both sides explicitly: deleting the spoke VNet alone leaves the hub side Disconnected (the original's leak).
    await Promise.all([
      hubOurs
        ? deps.azure.deletePeering(
            config.hub.resourceGroup,
            config.hub.vnetName,
            config.names.hubToSpokePeering,
            ctx.lro,
          )
        : undefined,
      spokeSide
        ? deps.azure.deletePeering(config.resourceGroup, config.names.vnet, config.names.spokeToHubPeering, ctx.lro)
        : undefined,
    ]);
    return {
      hubSide: hubSide ? (hubOurs ? "deleted" : "not ours, left in place") : "absent",
      spokeSide: spokeSide ? "deleted" : "absent",
    };
  },
});

export const deleteVnet = defineStep({
  key: "delete_vnet",
  label: "Delete virtual network",
  dependsOn: ["delete_nic", "delete_peerings"],
  retry: "default",
  inputs: teardownInputs,
  teardown: true,
  async run(ctx) {
    const { config, deps } = ctx;
    return deleteIfMine(
      ctx,
      () => deps.azure.getVirtualNetwork(config.resourceGroup, config.names.vnet, ctx.lro),
      () => deps.azure.deleteVirtualNetwork(config.resourceGroup, config.names.vnet, ctx.lro),
      `VNet ${config.names.vnet}`,
    );
  },
});
