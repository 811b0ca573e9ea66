/** save_to_storage: the convergence check that everything the spoke needs is really there. */
import { NotReadyError, type StepDefinition } from "../step-types";

export const saveToStorage: StepDefinition = {
  key: "save_to_storage",
  async run(ctx) {
    const { config, deps } = ctx;
    // The VM itself was just read running by wait_vm_ready (this step depends on it); re-reading it
    // here spent a read per create. Backend health is not asked here either: it is Unknown until
    // cloud-init has started nginx, cost a POST plus its polls on the critical path, and the live
    // view of GET /api/spokes/{id} reports it whenever someone looks.
    const [nic, gw] = await Promise.all([
      deps.azure.getNetworkInterface(config.resourceGroup, config.names.nic, ctx.lro),
      deps.azure.getApplicationGateway(config.hub.resourceGroup, config.hub.gatewayName, ctx.lro),
    ]);
    const ip = nic?.privateIpAddress;
    const pool = gw?.backendAddressPools.find((p) => p.name === config.names.agw.backendPool);
    const rule = gw?.requestRoutingRules.find((r) => r.name === config.names.agw.routingRule);
    if (!ip || !pool?.addresses.some((a) => a.ipAddress === ip) || rule?.priority !== config.names.agw.priority) {
      throw new NotReadyError("GatewayNotConverged", `Gateway entries for ${config.clientName} are not in place (pool ${pool ? "present" : "missing"}, rule ${rule ? "present" : "missing"})`);
    }
    const powerState = ctx.outputsOf("wait_vm_ready")?.powerState;
    return { privateIp: ip, powerState, gatewayPool: pool.name, gatewayRule: rule.name, priority: rule.priority };
  },
};
