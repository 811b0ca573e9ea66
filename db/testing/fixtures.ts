/** A minimal valid `spokes` row for tests that need one without running a deployment. */
export function spokeRow(ownerId: string, spokeNumber: number, clientName: string, hub = "hub-rg/hub-vnet") {
  return {
    spokeNumber,
    hub,
    ownerId,
    clientName,
    addressPrefix: `10.11.${spokeNumber}.0/24`,
    subnets: [],
    vmName: `spoke-vm-${spokeNumber}`,
    vmSize: "Standard_B2s",
    adminUsername: "azureuser",
    sshPublicKey: "ssh-ed25519 AAAA",
    location: "eastus",
    resourceGroup: "hub-rg",
    agw: {},
    desiredConfig: {},
    configHash: "x",
  };
}
