/** save_to_storage: the convergence check that everything the spoke needs is really there. */
import { NotReadyError, type StepDefinition } from "../step-types";

export const saveToStorage: StepDefinition = {
  key: "save_to_storage",
  async run(ctx) {
    const { config, deps } = ctx;
    const [vm, nic, gw] = await Promise.all([
      deps.azure.getVirtualMachine(config.resourceGroup, config.names.vm, ctx.lro),
      deps.azure.getNetworkInterface(config.resourceGroup, config.names.nic, ctx.lro),
      deps.azure.getApplicationGateway(config.hub.resourceGroup, config.hub.gatewayName, ctx.lro),
    ]);
    if (vm?.powerState !== "running") throw new NotReadyError("VmNotRunning", `VM ${config.names.vm} is ${vm?.powerState ?? "missing"}`);
    const ip = nic?.privateIpAddress;
    const pool = gw?.backendAddressPools.find((p) => p.name === config.names.agw.backendPool);
    const rule = gw?.requestRoutingRules.find((r) => r.name === config.names.agw.routingRule);
    if (!ip || !pool?.addresses.some((a) => a.ipAddress === ip) || rule?.priority !== config.names.agw.priority) {
      throw new NotReadyError("GatewayNotConverged", `Gateway entries for ${config.clientName} are not in place (pool ${pool ? "present" : "missing"}, rule ${rule ? "present" : "missing"})`);
    }
    // Backend health is recorded, not required: Unknown is normal until cloud-init has started nginx.
    let backendHealth = "Unknown";
    try {
      const health = await deps.azure.getBackendHealth(config.hub.resourceGroup, config.hub.gatewayName, ctx.lro);
      const servers = health.pools.find((p) => p.poolName === config.names.agw.backendPool)?.settings.flatMap((s) => s.servers) ?? [];
      backendHealth = servers.find((s) => s.address === ip)?.health ?? "Unknown";
    } catch (err) {
      backendHealth = `Unknown (${err instanceof Error ? err.message : String(err)})`;
    }
    return { privateIp: ip, powerState: vm.powerState, gatewayPool: pool.name, gatewayRule: rule.name, priority: rule.priority, backendHealth };
  },
};
