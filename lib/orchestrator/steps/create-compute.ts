/** create_nic, create_vm, wait_vm_ready, get_vm_private_ip. */
import { spokeCloudInit } from "@/lib/network/cloud-init";
import { vmSubnet } from "@/lib/ledger/spoke-config";
import { NotReadyError, type StepDefinition } from "../step-types";
import { pollUntil, tagsFor } from "./common";

export const createNic: StepDefinition = {
  key: "create_nic",
  async run(ctx) {
    const { config, deps } = ctx;
    // create_subnets read the VNet just before and recorded the subnet's id; a subnet deleted since
    // makes the NIC PUT fail with Azure's own error, so a second GET would only spend budget.
    const known = (ctx.outputsOf("create_subnets")?.subnets as { name: string; id: string }[] | undefined)?.find((s) => s.name === vmSubnet(config).name);
    const subnet = known ?? (await deps.azure.getSubnet(config.resourceGroup, config.names.vnet, vmSubnet(config).name, ctx.lro));
    if (!subnet) throw new NotReadyError("SubnetNotFound", `Subnet ${vmSubnet(config).name} does not exist yet`);
    const nic = await deps.azure.createOrUpdateNetworkInterface(config.resourceGroup, config.names.nic, { location: config.location, subnetId: subnet.id, tags: tagsFor(ctx) }, ctx.lro);
    if (!nic.privateIpAddress) throw new NotReadyError("NicHasNoAddress", `NIC ${nic.name} has no private IP yet`);
    return { nicId: nic.id, privateIp: nic.privateIpAddress };
  },
};

export const createVm: StepDefinition = {
  key: "create_vm",
  async run(ctx) {
    const { config, deps } = ctx;
    const nicId = String(ctx.outputsOf("create_nic")?.nicId ?? "");
    const vm = await deps.azure.createOrUpdateVirtualMachine(
      config.resourceGroup,
      config.names.vm,
      {
        location: config.location,
        vmSize: config.vmSize,
        adminUsername: config.adminUsername,
        sshPublicKey: config.sshPublicKey,
        networkInterfaceId: nicId,
        osDiskName: config.names.osDisk,
        customData: spokeCloudInit({ spokeNumber: config.spokeNumber, clientName: config.clientName, vmName: config.names.vm, hostName: config.names.agw.hostName }),
        tags: tagsFor(ctx),
      },
      ctx.lro,
    );
    return { vmId: vm.id, osDiskName: vm.osDiskName ?? config.names.osDisk, provisioningState: vm.provisioningState };
  },
};

export const waitVmReady: StepDefinition = {
  key: "wait_vm_ready",
  async run(ctx) {
    const { config, deps } = ctx;
    const vm = await pollUntil(ctx, async () => {
      const v = await deps.azure.getVirtualMachine(config.resourceGroup, config.names.vm, ctx.lro);
      return v && v.provisioningState === "Succeeded" && v.powerState === "running" ? v : undefined;
    }, 5_000, 6);
    if (!vm) {
      const v = await deps.azure.getVirtualMachine(config.resourceGroup, config.names.vm, ctx.lro);
      throw new NotReadyError("VmNotReady", v ? `VM ${v.name} is ${v.provisioningState ?? "?"} / ${v.powerState}` : `VM ${config.names.vm} not found`);
    }
    return { powerState: vm.powerState, vmSize: vm.vmSize };
  },
};

export const getVmPrivateIp: StepDefinition = {
  key: "get_vm_private_ip",
  async run(ctx) {
    const { config, deps } = ctx;
    const nic = await deps.azure.getNetworkInterface(config.resourceGroup, config.names.nic, ctx.lro);
    if (!nic?.privateIpAddress) throw new NotReadyError("NicHasNoAddress", `NIC ${config.names.nic} has no private IP`);
    if (nic.virtualMachineId && !nic.virtualMachineId.toLowerCase().endsWith(`/${config.names.vm.toLowerCase()}`)) {
      throw new NotReadyError("NicAttachedElsewhere", `NIC ${nic.name} is attached to ${nic.virtualMachineId}`);
    }
    return { privateIp: nic.privateIpAddress };
  },
};
