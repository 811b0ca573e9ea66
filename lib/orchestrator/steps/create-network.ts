/** validate_config, create_vnet, create_subnets, create_peering, verify_connectivity. */
import { SHARE_MS } from "../shared-reads";
import type { PeeringInfo } from "@/lib/azure/types";
import { runPreflight } from "../preflight";
import { NotReadyError, StepFailure, type StepDefinition } from "../step-types";
import { hubVnetId, pollUntil, spokeVnetId, tagsFor } from "./common";

export const validateConfig: StepDefinition = {
  key: "validate_config",
  async run(ctx) {
    const checks = await runPreflight({ azure: ctx.deps.azure, config: ctx.config, opts: { signal: ctx.signal }, shareMs: SHARE_MS * ctx.deps.timeScale });
    const failed = checks.find((c) => !c.ok);
    if (failed) throw new StepFailure(failed.code ?? "PreflightFailed", failed.message, { checks });
    return { checks };
  },
};

export const createVnet: StepDefinition = {
  key: "create_vnet",
  async run(ctx) {
    const { config } = ctx;
    // Subnets go inline: one LRO, and a later VNet PUT can never drop them (it replaces the array).
    const vnet = await ctx.deps.azure.createOrUpdateVirtualNetwork(
      config.resourceGroup,
      config.names.vnet,
      { location: config.location, addressPrefixes: [config.addressPrefix], subnets: config.subnets.map((s) => ({ name: s.name, addressPrefix: s.addressPrefix })), tags: tagsFor(ctx) },
      ctx.lro,
    );
    return { vnetId: vnet.id, addressPrefixes: vnet.addressPrefixes };
  },
};

export const createSubnets: StepDefinition = {
  key: "create_subnets",
  async run(ctx) {
    const { config, deps } = ctx;
    // One VNet GET carries every subnet: four subnet GETs cost four reads of the subscription's budget.
    const vnet = await deps.azure.getVirtualNetwork(config.resourceGroup, config.names.vnet, ctx.lro);
    if (!vnet) throw new NotReadyError("VnetNotFound", `VNet ${config.names.vnet} does not exist yet`);
    const subnets = [];
    for (const planned of config.subnets) {
      let s = vnet.subnets.find((x) => x.name.toLowerCase() === planned.name.toLowerCase());
      if (!s || s.addressPrefix !== planned.addressPrefix) {
        // Missing or changed by hand: put it back as planned.
        s = await deps.azure.createOrUpdateSubnet(config.resourceGroup, config.names.vnet, { name: planned.name, addressPrefix: planned.addressPrefix }, ctx.lro);
      }
      if (s.provisioningState && s.provisioningState !== "Succeeded") throw new NotReadyError("SubnetNotProvisioned", `Subnet ${s.name} is ${s.provisioningState}`);
      subnets.push({ name: s.name, id: s.id, addressPrefix: s.addressPrefix });
    }
    return { subnets };
  },
};

/** Gateway transit needs a VPN/ExpressRoute gateway in the hub; without one Azure answers RemoteVnetHasNoGateways. */
async function hubHasGateway(ctx: Parameters<StepDefinition["run"]>[0]): Promise<boolean> {
  const subnet = await ctx.deps.azure.getSubnet(ctx.config.hub.resourceGroup, ctx.config.hub.vnetName, "GatewaySubnet", ctx.lro);
  return Boolean(subnet && subnet.ipConfigurationIds.length > 0);
}

export const createPeering: StepDefinition = {
  key: "create_peering",
  async run(ctx) {
    const { config, deps } = ctx;
    const transit = await hubHasGateway(ctx);
    const [hubSide, spokeSide] = await Promise.all([
      deps.azure.createOrUpdatePeering(config.hub.resourceGroup, config.hub.vnetName, config.names.hubToSpokePeering, {
        remoteVirtualNetworkId: spokeVnetId(ctx),
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: transit,
        useRemoteGateways: false,
      }, ctx.lro),
      deps.azure.createOrUpdatePeering(config.resourceGroup, config.names.vnet, config.names.spokeToHubPeering, {
        remoteVirtualNetworkId: hubVnetId(ctx),
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: false,
        useRemoteGateways: transit,
      }, ctx.lro),
    ]);
    return { hubToSpokeId: hubSide.id, spokeToHubId: spokeSide.id, gatewayTransit: transit };
  },
};

const connected = (p: PeeringInfo | undefined) => p?.peeringState === "Connected" && p.peeringSyncLevel === "FullyInSync";

export const verifyConnectivity: StepDefinition = {
  key: "verify_connectivity",
  async run(ctx) {
    const { config, deps } = ctx;
    const read = () =>
      Promise.all([
        deps.azure.getPeering(config.hub.resourceGroup, config.hub.vnetName, config.names.hubToSpokePeering, ctx.lro),
        deps.azure.getPeering(config.resourceGroup, config.names.vnet, config.names.spokeToHubPeering, ctx.lro),
      ]);
    const both = await pollUntil(ctx, async () => {
      const [h, s] = await read();
      return connected(h) && connected(s) ? [h, s] : undefined;
    }, 2_000, 5);
    if (!both) {
      const [h, s] = await read();
      const state = (p: PeeringInfo | undefined) => (p ? `${p.peeringState}/${p.peeringSyncLevel}` : "missing");
      throw new NotReadyError("PeeringNotConnected", `Peering not connected yet: hub side ${state(h)}, spoke side ${state(s)}`);
    }
    return { hubToSpoke: { state: both[0]?.peeringState, sync: both[0]?.peeringSyncLevel }, spokeToHub: { state: both[1]?.peeringState, sync: both[1]?.peeringSyncLevel } };
  },
};
