/** create_nic, create_vm, wait_vm_ready, get_vm_private_ip. */
import { spokeCloudInit } from "@/lib/network/cloud-init";
import { vmSubnet } from "@/lib/ledger/spoke-config";
import { defineStep, NotReadyError } from "../step-types";
import { pollUntil, tagsFor } from "./common";
import { createSubnets } from "./create-network";

export const createNic = defineStep({
  key: "create_nic",
  label: "Create network interface",
  dependsOn: ["create_subnets"],
  retry: "default",
  inputs: (config) => ({
    resourceGroup: config.resourceGroup,
    name: config.names.nic,
    location: config.location,
    vnet: config.names.vnet,
    subnet: vmSubnet(config).name,
    ownerTags: config.tags ?? {},
  }),
  async run(ctx, i) {
    const { deps } = ctx;
    // create_subnets read the VNet just before and recorded the subnet's id; a subnet deleted since
    // makes the NIC PUT fail with Azure's own error, so a second GET would only spend budget.
    const known = ctx.outputsOf(createSubnets)?.subnets.find((s) => s.name === i.subnet);
    const subnet = known ?? (await deps.azure.getSubnet(i.resourceGroup, i.vnet, i.subnet, ctx.lro));
    if (!subnet) throw new NotReadyError("SubnetNotFound", `Subnet ${i.subnet} does not exist yet`);
    const nic = await deps.azure.createOrUpdateNetworkInterface(
      i.resourceGroup,
      i.name,
      { location: i.location, subnetId: subnet.id, tags: tagsFor(ctx) },
      ctx.lro,
    );
    if (!nic.privateIpAddress) throw new NotReadyError("NicHasNoAddress", `NIC ${nic.name} has no private IP yet`);
    return { nicId: nic.id, privateIp: nic.privateIpAddress };
  },
});

export const createVm = defineStep({
  key: "create_vm",
  label: "Create virtual machine",
  dependsOn: ["create_nic"],
  retry: { maxAttempts: 6, timeBudgetMs: 15 * 60_000 },
  inputs: (config) => ({
    resourceGroup: config.resourceGroup,
    name: config.names.vm,
    location: config.location,
    vmSize: config.vmSize,
    adminUsername: config.adminUsername,
    sshPublicKey: config.sshPublicKey,
    osDiskName: config.names.osDisk,
    customData: spokeCloudInit({
      spokeNumber: config.spokeNumber,
      clientName: config.clientName,
      vmName: config.names.vm,
      hostName: config.names.agw.hostName,
    }),
  }),
  async run(ctx, i) {
    const nicId = ctx.outputsOf(createNic)?.nicId;
    if (!nicId) throw new NotReadyError("NicNotFound", "The NIC's id is not known yet");
    const { resourceGroup, name, ...spec } = i;
    const vm = await ctx.deps.azure.createOrUpdateVirtualMachine(
      resourceGroup,
      name,
      { ...spec, networkInterfaceId: nicId, tags: tagsFor(ctx) },
      ctx.lro,
    );
    return { vmId: vm.id, osDiskName: vm.osDiskName ?? i.osDiskName, provisioningState: vm.provisioningState };
  },
});

export const waitVmReady = defineStep({
  key: "wait_vm_ready",
  label: "Wait for VM to be ready",
  dependsOn: [],
  // After whichever step last changed the VM in this workflow: its create, or an update's key rotation.
  after: ["create_vm", "set_ssh_key"],
  retry: "default",
  inputs: (config) => ({ resourceGroup: config.resourceGroup, vm: config.names.vm }),
  async run(ctx, i) {
    const { deps } = ctx;
    const vm = await pollUntil(
      ctx,
      async () => {
        const v = await deps.azure.getVirtualMachine(i.resourceGroup, i.vm, ctx.lro);
        return v && v.provisioningState === "Succeeded" && v.powerState === "running" ? v : undefined;
      },
      5_000,
      6,
    );
    if (!vm) {
      const v = await deps.azure.getVirtualMachine(i.resourceGroup, i.vm, ctx.lro);
      throw new NotReadyError(
        "VmNotReady",
        v ? `VM ${v.name} is ${v.provisioningState ?? "?"} / ${v.powerState}` : `VM ${i.vm} not found`,
      );
    }
    return { powerState: vm.powerState, vmSize: vm.vmSize };
  },
});

export const getVmPrivateIp = defineStep({
  key: "get_vm_private_ip",
  label: "Read VM private IP",
  dependsOn: ["wait_vm_ready"],
  retry: "default",
  inputs: (config) => ({ resourceGroup: config.resourceGroup, nic: config.names.nic, vm: config.names.vm }),
  async run(ctx, i) {
    const nic = await ctx.deps.azure.getNetworkInterface(i.resourceGroup, i.nic, ctx.lro);
    if (!nic?.privateIpAddress) throw new NotReadyError("NicHasNoAddress", `NIC ${i.nic} has no private IP`);
    if (nic.virtualMachineId && !nic.virtualMachineId.toLowerCase().endsWith(`/${i.vm.toLowerCase()}`)) {
      throw new NotReadyError("NicAttachedElsewhere", `NIC ${nic.name} is attached to ${nic.virtualMachineId}`);
    }
    return { privateIp: nic.privateIpAddress };
  },
});
