import type { Disk, VirtualMachine, VirtualMachineInstanceView } from "@azure/arm-compute";
import type {
  NetworkInterface,
  PublicIPAddress,
  Subnet,
  VirtualNetwork,
  VirtualNetworkPeering,
} from "@azure/arm-network";
import type { ResourceGroup } from "@azure/arm-resources";
import { parseArmId } from "../ids";
import type {
  DiskInfo,
  NetworkInterfaceInfo,
  PeeringInfo,
  PowerState,
  PublicIpInfo,
  ResourceGroupInfo,
  SubnetInfo,
  Tags,
  VirtualMachineInfo,
  VirtualNetworkInfo,
} from "../types";

const tags = (t: Record<string, string> | undefined): Tags => ({ ...(t ?? {}) });

export function toResourceGroup(rg: ResourceGroup): ResourceGroupInfo {
  return {
    id: rg.id ?? "",
    name: rg.name ?? "",
    location: rg.location,
    tags: tags(rg.tags),
    provisioningState: rg.properties?.provisioningState,
  };
}

export function toSubnet(s: Subnet): SubnetInfo {
  return {
    id: s.id ?? "",
    name: s.name ?? "",
    addressPrefix: s.addressPrefix ?? s.addressPrefixes?.[0],
    provisioningState: s.provisioningState,
    ipConfigurationIds: (s.ipConfigurations ?? []).map((c) => c.id ?? "").filter(Boolean),
  };
}

export function toPeering(p: VirtualNetworkPeering): PeeringInfo {
  return {
    id: p.id ?? "",
    name: p.name ?? "",
    remoteVirtualNetworkId: p.remoteVirtualNetwork?.id,
    peeringState: p.peeringState,
    peeringSyncLevel: p.peeringSyncLevel,
    provisioningState: p.provisioningState,
    allowVirtualNetworkAccess: p.allowVirtualNetworkAccess ?? true,
    allowForwardedTraffic: p.allowForwardedTraffic ?? false,
    allowGatewayTransit: p.allowGatewayTransit ?? false,
    useRemoteGateways: p.useRemoteGateways ?? false,
    remoteAddressPrefixes:
      p.remoteVirtualNetworkAddressSpace?.addressPrefixes ?? p.remoteAddressSpace?.addressPrefixes ?? [],
  };
}

export function toVirtualNetwork(v: VirtualNetwork): VirtualNetworkInfo {
  return {
    id: v.id ?? "",
    name: v.name ?? "",
    resourceGroup: parseArmId(v.id ?? "")?.resourceGroup ?? "",
    location: v.location ?? "",
    addressPrefixes: v.addressSpace?.addressPrefixes ?? [],
    subnets: (v.subnets ?? []).map(toSubnet),
    peerings: (v.virtualNetworkPeerings ?? []).map(toPeering),
    tags: tags(v.tags),
    provisioningState: v.provisioningState,
  };
}

export function toNetworkInterface(n: NetworkInterface): NetworkInterfaceInfo {
  const primary = n.ipConfigurations?.find((c) => c.primary) ?? n.ipConfigurations?.[0];
  return {
    id: n.id ?? "",
    name: n.name ?? "",
    location: n.location ?? "",
    privateIpAddress: primary?.privateIPAddress,
    subnetId: primary?.subnet?.id,
    virtualMachineId: n.virtualMachine?.id,
    provisioningState: n.provisioningState,
    tags: tags(n.tags),
  };
}

export function toPublicIp(p: PublicIPAddress): PublicIpInfo {
  return {
    id: p.id ?? "",
    name: p.name ?? "",
    location: p.location ?? "",
    ipAddress: p.ipAddress,
    sku: p.sku?.name,
    provisioningState: p.provisioningState,
    ipConfigurationId: p.ipConfiguration?.id,
  };
}

export function powerStateOf(view: VirtualMachineInstanceView | undefined): PowerState {
  const code = view?.statuses?.find((s) => s.code?.startsWith("PowerState/"))?.code;
  const state = code?.slice("PowerState/".length);
  const known: PowerState[] = ["starting", "running", "stopping", "stopped", "deallocating", "deallocated"];
  return known.includes(state as PowerState) ? (state as PowerState) : "unknown";
}

export function toVirtualMachine(vm: VirtualMachine): VirtualMachineInfo {
  const osDisk = vm.storageProfile?.osDisk;
  return {
    id: vm.id ?? "",
    name: vm.name ?? "",
    location: vm.location,
    vmSize: vm.hardwareProfile?.vmSize,
    provisioningState: vm.provisioningState,
    powerState: powerStateOf(vm.instanceView),
    networkInterfaceIds: (vm.networkProfile?.networkInterfaces ?? []).map((n) => n.id ?? "").filter(Boolean),
    osDiskId: osDisk?.managedDisk?.id,
    osDiskName: osDisk?.name,
    vmId: vm.vmId,
    tags: tags(vm.tags),
  };
}

export function toDisk(d: Disk): DiskInfo {
  return {
    id: d.id ?? "",
    name: d.name ?? "",
    location: d.location,
    managedBy: d.managedBy,
    diskState: d.diskState,
    provisioningState: d.provisioningState,
    tags: tags(d.tags),
  };
}
