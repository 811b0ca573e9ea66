/** What one spoke snapshot holds: its VNet (subnets, its peering side), VM and NIC. The hub side, gateway and health come from the hub snapshot. */
import type { AzureGateway } from "@/lib/azure/types";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import type { Reader } from "./engine";
import { peeringData, type PeeringData } from "./hub-reader";

export interface SpokeData {
  vnet: {
    name: string;
    id: string;
    location: string;
    address_space: string[];
    provisioning_state: string | null;
    tags: Record<string, string>;
    subnets: { name: string; address_prefix: string | null; provisioning_state: string | null }[];
    spoke_to_hub: PeeringData | null;
  } | null;
  vm: { name: string; id: string; status: string; provisioning_state: string | null; size: string | null } | null;
  private_ip: string | null;
}

export const spokeSnapshotKey = (spokeUuid: string) => `spoke:${spokeUuid}`;

export function spokeReader(azure: AzureGateway, c: SpokeConfig): Reader<SpokeData> {
  return async (_prev, o) => {
    const [vnet, vm, nic] = await Promise.all([
      azure.getVirtualNetwork(c.resourceGroup, c.names.vnet, o),
      azure.getVirtualMachine(c.resourceGroup, c.names.vm, o),
      azure.getNetworkInterface(c.resourceGroup, c.names.nic, o),
    ]);
    return {
      vnet: vnet
        ? {
            name: vnet.name,
            id: vnet.id,
            location: vnet.location,
            address_space: vnet.addressPrefixes,
            provisioning_state: vnet.provisioningState ?? null,
            tags: vnet.tags,
            subnets: vnet.subnets.map((s) => ({
              name: s.name,
              address_prefix: s.addressPrefix ?? null,
              provisioning_state: s.provisioningState ?? null,
            })),
            spoke_to_hub: peeringData(vnet.peerings.find((p) => p.name === c.names.spokeToHubPeering)),
          }
        : null,
      vm: vm
        ? {
            name: vm.name,
            id: vm.id,
            status: vm.powerState,
            provisioning_state: vm.provisioningState ?? null,
            size: vm.vmSize ?? null,
          }
        : null,
      private_ip: nic?.privateIpAddress ?? null,
    };
  };
}
