import { DEFAULT_HUB, type HubSettings } from "@/lib/azure/hub-ensure";
import type { HubConfig } from "@/lib/env";
import { hubKey } from "@/lib/ledger/spoke-config";

/** The hub this console is configured for (lib/env.ts), with the default ranges and subnet names. */
export function hubSettingsFrom(hub: HubConfig): HubSettings {
  return {
    ...DEFAULT_HUB,
    resourceGroup: hub.hubResourceGroup,
    location: hub.location,
    vnetName: hub.hubVnetName,
    gatewayName: hub.gatewayName,
    publicIpName: `${hub.gatewayName}-pip`,
  };
}

/** The ledger key of the hub, the same one the spokes and the gateway writer use. */
export function hubLedgerKey(hub: HubConfig): string {
  return hubKey({ resourceGroup: hub.hubResourceGroup, vnetName: hub.hubVnetName, gatewayName: hub.gatewayName });
}
