/** save_to_storage: the convergence check that everything the spoke needs is really there. */
import { defineStep, NotReadyError } from "../step-types";
import { getVmPrivateIp, waitVmReady } from "./create-compute";

export const saveToStorage = defineStep({
  key: "save_to_storage",
  label: "Verify and save",
  dependsOn: ["get_vm_private_ip", "update_agw", "verify_connectivity"],
  retry: "default",
  inputs: (config) => ({
    resourceGroup: config.resourceGroup,
    nic: config.names.nic,
    hub: config.hub,
    pool: config.names.agw.backendPool,
    rule: config.names.agw.routingRule,
    priority: config.names.agw.priority,
  }),
  async run(ctx, i) {
    const { config, deps } = ctx;
    // The VM itself was just read running by wait_vm_ready (this step depends on it); re-reading it
    // here spent a read per create. Backend health is not asked here either: it is Unknown until
    // cloud-init has started nginx, cost a POST plus its polls on the critical path, and the live
    // view of GET /api/spokes/{id} reports it whenever someone looks. The NIC's address was read by
    // get_vm_private_ip (a NIC keeps its private IP while its VM exists), so it is read again only
    // when that answer is missing from the ledger.
    const known = ctx.outputsOf(getVmPrivateIp)?.privateIp;
    const [ip, gw] = await Promise.all([
      known ?? deps.azure.getNetworkInterface(i.resourceGroup, i.nic, ctx.lro).then((nic) => nic?.privateIpAddress),
      deps.azure.getApplicationGateway(i.hub.resourceGroup, i.hub.gatewayName, ctx.lro),
    ]);
    const pool = gw?.backendAddressPools.find((p) => p.name === i.pool);
    const rule = gw?.requestRoutingRules.find((r) => r.name === i.rule);
    if (!ip || !pool?.addresses.some((a) => a.ipAddress === ip) || rule?.priority !== i.priority) {
      throw new NotReadyError(
        "GatewayNotConverged",
        `Gateway entries for ${config.clientName} are not in place (pool ${pool ? "present" : "missing"}, rule ${rule ? "present" : "missing"})`,
      );
    }
    const powerState = ctx.outputsOf(waitVmReady)?.powerState;
    return { privateIp: ip, powerState, gatewayPool: pool.name, gatewayRule: rule.name, priority: rule.priority };
  },
});
