/**
 * The ARM actions this console performs, by scope — taken from the calls lib/azure makes (the
 * README's "Run against Azure" lists the same with the built-in roles that grant them).
 */
export type PermissionScope = "subscription" | "hubResourceGroup" | "spokeResourceGroup";

export const REQUIRED_ACTIONS: Record<PermissionScope, { role: string; actions: string[] }> = {
  // Pre-flight's address-overlap check lists every VNet of the subscription; the VM size catalog
  // reads resource SKUs and compute usages per region.
  subscription: {
    role: "Reader",
    actions: [
      "Microsoft.Network/virtualNetworks/read",
      "Microsoft.Compute/skus/read",
      "Microsoft.Compute/locations/usages/read",
    ],
  },
  // The gateway writer PUTs the hub's gateway; the hub side of each peering is written on the hub VNet.
  hubResourceGroup: {
    role: "Network Contributor",
    actions: [
      "Microsoft.Network/virtualNetworks/read",
      "Microsoft.Network/virtualNetworks/peer/action",
      "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write",
      "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete",
      "Microsoft.Network/applicationGateways/read",
      "Microsoft.Network/applicationGateways/write",
      "Microsoft.Network/applicationGateways/backendhealth/action",
      "Microsoft.Network/virtualNetworks/subnets/join/action",
    ],
  },
  // Spoke VNet, subnets, NIC and peering (Network Contributor); VM and OS disk (Virtual Machine Contributor).
  spokeResourceGroup: {
    role: "Network Contributor + Virtual Machine Contributor",
    actions: [
      "Microsoft.Network/virtualNetworks/write",
      "Microsoft.Network/virtualNetworks/delete",
      "Microsoft.Network/virtualNetworks/subnets/write",
      "Microsoft.Network/virtualNetworks/peer/action",
      "Microsoft.Network/networkInterfaces/write",
      "Microsoft.Network/networkInterfaces/delete",
      "Microsoft.Compute/virtualMachines/write",
      "Microsoft.Compute/virtualMachines/delete",
      "Microsoft.Compute/disks/delete",
      "Microsoft.Resources/subscriptions/resourceGroups/resources/read",
    ],
  },
};

/** Only the hub bootstrap needs these, and only for what is missing (a bare subscription needs all). */
export const BOOTSTRAP_ACTIONS = {
  subscription: ["Microsoft.Resources/subscriptions/resourceGroups/write"],
  hubResourceGroup: [
    "Microsoft.Network/virtualNetworks/write",
    "Microsoft.Network/publicIPAddresses/write",
    "Microsoft.Network/publicIPAddresses/join/action",
  ],
};
