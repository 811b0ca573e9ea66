import {
  DEFAULT_HUB,
  ensureGateway,
  ensurePublicIp,
  ensureResourceGroup,
  ensureSubnet,
  ensureVnet,
  type EnsureResult,
  type HubSettings,
} from "./hub-ensure";
import type { ApplicationGatewayView, AzureGateway, LroOptions, VirtualNetworkInfo } from "./types";

export { DEFAULT_HUB, type HubSettings };

/**
 * Creates the hub in a bare subscription, idempotently: each piece is read first and only what is
 * missing is created, so running it against an existing hub writes nothing. The console runs the
 * same pieces as a recorded workflow (lib/hub); this direct form serves tests and scripts.
 */
export async function bootstrapHub(
  gw: AzureGateway,
  settings: Partial<HubSettings> = {},
  opts?: LroOptions,
): Promise<{ vnet: VirtualNetworkInfo; gateway: ApplicationGatewayView; created: string[]; results: EnsureResult[] }> {
  const hub = { ...DEFAULT_HUB, ...settings };
  const results: EnsureResult[] = [];
  results.push(await ensureResourceGroup(gw, hub, opts));
  results.push(await ensureVnet(gw, hub, opts));
  results.push(await ensureSubnet(gw, hub, "hubSubnet", opts));
  results.push(await ensureSubnet(gw, hub, "agwSubnet", opts));
  results.push(await ensurePublicIp(gw, hub, opts));
  const agw = await ensureGateway(gw, hub, opts);
  results.push(agw);
  const vnet = await gw.getVirtualNetwork(hub.resourceGroup, hub.vnetName, opts);
  if (!vnet) throw new Error(`hub VNet ${hub.vnetName} vanished during the bootstrap`);
  return {
    vnet,
    gateway: agw.gateway,
    created: results.filter((r) => r.action === "created").map((r) => r.resource),
    results,
  };
}
