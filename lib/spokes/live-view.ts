/**
 * The live Azure view of a spoke for GET /api/spokes/{id} (the original's `exists`, `vnet`, `vm`,
 * `agw`), read fresh from Azure. When Azure cannot answer, the record is still returned with
 * `live_error` saying why, never a 500.
 */
import type { AzureGateway } from "@/lib/azure/types";
import type { SpokeConfig } from "@/lib/orchestrator/spoke-config";

const TIMEOUT_MS = 5_000;

export interface LiveView {
  exists: boolean;
  vnet: Record<string, unknown> | null;
  vm: Record<string, unknown> | null;
  agw: Record<string, unknown> | null;
  live_error?: string;
}

async function read(azure: AzureGateway, c: SpokeConfig, signal: AbortSignal): Promise<LiveView> {
  const o = { signal };
  const [vnet, hubPeering, vm, nic, gw] = await Promise.all([
    azure.getVirtualNetwork(c.resourceGroup, c.names.vnet, o),
    azure.getPeering(c.hub.resourceGroup, c.hub.vnetName, c.names.hubToSpokePeering, o),
    azure.getVirtualMachine(c.resourceGroup, c.names.vm, o),
    azure.getNetworkInterface(c.resourceGroup, c.names.nic, o),
    azure.getApplicationGateway(c.hub.resourceGroup, c.hub.gatewayName, o),
  ]);
  const spokePeering = vnet?.peerings.find((p) => p.name === c.names.spokeToHubPeering);
  const pool = gw?.backendAddressPools.find((p) => p.name === c.names.agw.backendPool);
  const rule = gw?.requestRoutingRules.find((r) => r.name === c.names.agw.routingRule);
  let health: string | null = null;
  if (pool && gw) {
    const h = await azure.getBackendHealth(c.hub.resourceGroup, c.hub.gatewayName, o).catch(() => null);
    const servers = h?.pools.find((p) => p.poolName === pool.name)?.settings.flatMap((s) => s.servers) ?? [];
    health = servers.find((s) => s.address === nic?.privateIpAddress)?.health ?? (h ? "Unknown" : null);
  }
  const peering = (p: typeof hubPeering) => (p ? { name: p.name, state: p.peeringState, sync_level: p.peeringSyncLevel, provisioning_state: p.provisioningState } : null);
  return {
    exists: Boolean(vnet || vm),
    vnet: vnet
      ? {
          name: vnet.name,
          id: vnet.id,
          location: vnet.location,
          address_space: vnet.addressPrefixes,
          provisioning_state: vnet.provisioningState,
          tags: vnet.tags,
          subnets: vnet.subnets.map((s) => ({ name: s.name, address_prefix: s.addressPrefix, provisioning_state: s.provisioningState })),
          peerings: { hub_to_spoke: peering(hubPeering), spoke_to_hub: peering(spokePeering) },
        }
      : null,
    vm: vm ? { name: vm.name, id: vm.id, status: vm.powerState, provisioning_state: vm.provisioningState, size: vm.vmSize, private_ip: nic?.privateIpAddress ?? null } : null,
    agw: gw
      ? {
          name: gw.name,
          backend_pool_configured: Boolean(pool),
          backend_pool_name: c.names.agw.backendPool,
          backend_addresses: pool?.addresses.map((a) => a.ipAddress ?? a.fqdn) ?? [],
          routing_rule_configured: Boolean(rule),
          routing_rule_name: c.names.agw.routingRule,
          priority: rule?.priority ?? null,
          host_name: c.names.agw.hostName,
          backend_health: health,
        }
      : null,
  };
}

export async function liveView(azure: AzureGateway, config: SpokeConfig): Promise<LiveView> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    return await read(azure, config, controller.signal);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const why = controller.signal.aborted ? `Azure did not answer within ${TIMEOUT_MS / 1000} s` : `${e.code ?? "Error"}: ${e.message ?? String(err)}`;
    return { exists: false, vnet: null, vm: null, agw: null, live_error: why };
  } finally {
    clearTimeout(timer);
  }
}
