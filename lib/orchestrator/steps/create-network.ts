/** validate_config, create_vnet, create_subnets, create_peering, verify_connectivity. */
import type { PeeringInfo, PeeringSpec } from "@/lib/azure/types";
import { runPreflight } from "../preflight";
import { defineStep, NotReadyError, StepFailure, type StepContext } from "../step-types";
import { freshFromThisCreate, hubVnetId, pollUntil, spokeVnetId, tagsFor } from "./common";

export const validateConfig = defineStep({
  key: "validate_config",
  label: "Validate configuration",
  dependsOn: [],
  retry: "default",
  // Pre-flight reads the whole configuration (address space, size, quota, names).
  inputs: (config) => config,
  async run(ctx, config) {
    const checks = await runPreflight({
      azure: ctx.deps.azure,
      config,
      opts: { signal: ctx.signal },
      timeScale: ctx.deps.timeScale,
    });
    const failed = checks.find((c) => !c.ok);
    if (failed) throw new StepFailure(failed.code ?? "PreflightFailed", failed.message, { checks });
    return { checks };
  },
});

export const createVnet = defineStep({
  key: "create_vnet",
  label: "Create virtual network",
  dependsOn: [],
  after: ["validate_config"],
  retry: "default",
  inputs: (config) => ({
    resourceGroup: config.resourceGroup,
    name: config.names.vnet,
    location: config.location,
    addressPrefixes: [config.addressPrefix],
    subnets: config.subnets.map((s) => ({ name: s.name, addressPrefix: s.addressPrefix })),
    ownerTags: config.tags ?? {},
  }),
  async run(ctx, i) {
    // Subnets go inline: one LRO, and a later VNet PUT can never drop them (it replaces the array).
    const vnet = await ctx.deps.azure.createOrUpdateVirtualNetwork(
      i.resourceGroup,
      i.name,
      { location: i.location, addressPrefixes: i.addressPrefixes, subnets: i.subnets, tags: tagsFor(ctx) },
      ctx.lro,
    );
    return { vnetId: vnet.id, addressPrefixes: vnet.addressPrefixes };
  },
});

export const createSubnets = defineStep({
  key: "create_subnets",
  label: "Create subnets",
  dependsOn: ["create_vnet"],
  retry: "default",
  inputs: (config) => ({
    resourceGroup: config.resourceGroup,
    vnet: config.names.vnet,
    subnets: config.subnets.map((s) => ({ name: s.name, addressPrefix: s.addressPrefix })),
  }),
  async run(ctx, i) {
    const { deps } = ctx;
    // One VNet GET carries every subnet: four subnet GETs cost four reads of the subscription's budget.
    const vnet = await deps.azure.getVirtualNetwork(i.resourceGroup, i.vnet, ctx.lro);
    if (!vnet) throw new NotReadyError("VnetNotFound", `VNet ${i.vnet} does not exist yet`);
    const subnets = [];
    for (const planned of i.subnets) {
      let s = vnet.subnets.find((x) => x.name.toLowerCase() === planned.name.toLowerCase());
      if (!s || s.addressPrefix !== planned.addressPrefix) {
        // Missing or changed by hand: put it back as planned.
        s = await deps.azure.createOrUpdateSubnet(
          i.resourceGroup,
          i.vnet,
          { name: planned.name, addressPrefix: planned.addressPrefix },
          ctx.lro,
        );
      }
      if (s.provisioningState && s.provisioningState !== "Succeeded")
        throw new NotReadyError("SubnetNotProvisioned", `Subnet ${s.name} is ${s.provisioningState}`);
      subnets.push({ name: s.name, id: s.id, addressPrefix: s.addressPrefix });
    }
    return { subnets };
  },
});

/** Gateway transit needs a VPN/ExpressRoute gateway in the hub; without one Azure answers RemoteVnetHasNoGateways. */
async function hubHasGateway(ctx: StepContext): Promise<boolean> {
  const subnet = await ctx.deps.azure.getSubnet(
    ctx.config.hub.resourceGroup,
    ctx.config.hub.vnetName,
    "GatewaySubnet",
    ctx.lro,
  );
  return Boolean(subnet && subnet.ipConfigurationIds.length > 0);
}

const peeringInputs = (config: StepContext["config"]) => ({
  hub: config.hub,
  resourceGroup: config.resourceGroup,
  vnet: config.names.vnet,
  hubToSpoke: config.names.hubToSpokePeering,
  spokeToHub: config.names.spokeToHubPeering,
});

interface PeeringSide {
  resourceGroup: string;
  vnet: string;
  name: string;
  spec: PeeringSpec;
}

/**
 * The order of the two PUTs. A side left `Disconnected` (its remote side was deleted) makes Azure
 * refuse to re-create the remote side (`RemotePeeringIsDisconnected`, ARM-REFERENCE §4):
 * the disconnected side is PUT first (back to `Initiated`), then the other. On a first create
 * nothing exists, so both go at once and nothing is read; an update (Repair) or a retry reads both.
 */
async function peeringWaves(ctx: StepContext, sides: PeeringSide[]): Promise<PeeringSide[][]> {
  if (ctx.deployment.kind !== "update" && ctx.attempt <= 1) return [sides];
  const states = await Promise.all(
    sides.map((s) => ctx.deps.azure.getPeering(s.resourceGroup, s.vnet, s.name, ctx.lro)),
  );
  const disconnected = sides.filter((_, i) => states[i]?.peeringState === "Disconnected");
  const rest = sides.filter((s) => !disconnected.includes(s));
  return [disconnected, rest].filter((w) => w.length > 0);
}

type PeeringStatus = Pick<PeeringInfo, "peeringState" | "peeringSyncLevel">;
const CONNECTED: PeeringStatus = { peeringState: "Connected", peeringSyncLevel: "FullyInSync" };
const connected = (p: PeeringStatus | undefined) =>
  p?.peeringState === "Connected" && p.peeringSyncLevel === "FullyInSync";

export const createPeering = defineStep({
  key: "create_peering",
  label: "Peer with hub",
  dependsOn: ["create_vnet"],
  retry: "default",
  inputs: peeringInputs,
  async run(ctx, i) {
    const { deps } = ctx;
    const transit = await hubHasGateway(ctx);
    const hubSide: PeeringSide = {
      resourceGroup: i.hub.resourceGroup,
      vnet: i.hub.vnetName,
      name: i.hubToSpoke,
      spec: {
        remoteVirtualNetworkId: spokeVnetId(ctx),
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: transit,
        useRemoteGateways: false,
      },
    };
    const spokeSide: PeeringSide = {
      resourceGroup: i.resourceGroup,
      vnet: i.vnet,
      name: i.spokeToHub,
      spec: {
        remoteVirtualNetworkId: hubVnetId(ctx),
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: false,
        useRemoteGateways: transit,
      },
    };
    const put = new Map<PeeringSide, PeeringInfo>();
    for (const wave of await peeringWaves(ctx, [hubSide, spokeSide])) {
      const answers = await Promise.all(
        wave.map((s) => deps.azure.createOrUpdatePeering(s.resourceGroup, s.vnet, s.name, s.spec, ctx.lro)),
      );
      wave.forEach((s, n) => answers[n] && put.set(s, answers[n]));
    }
    return {
      hubToSpokeId: put.get(hubSide)?.id ?? "",
      spokeToHubId: put.get(spokeSide)?.id ?? "",
      gatewayTransit: transit,
      // Each side as Azure answered its PUT: verify_connectivity reads again only a side not yet connected.
      hubToSpokeConnected: connected(put.get(hubSide)),
      spokeToHubConnected: connected(put.get(spokeSide)),
      // Which process heard those answers: after a crash another one resumes, and it reads again.
      answeredBy: deps.workerId,
    };
  },
});

export const verifyConnectivity = defineStep({
  key: "verify_connectivity",
  label: "Verify peering connectivity",
  dependsOn: ["create_peering"],
  retry: "default",
  inputs: peeringInputs,
  async run(ctx, i) {
    const { deps } = ctx;
    // A side that create_peering's PUT of this create, in this process, already saw connected is not
    // read again; a resumed deployment (another process, maybe minutes later) reads both.
    const earlier = freshFromThisCreate(ctx) ? ctx.outputsOf(createPeering) : undefined;
    const put = earlier?.answeredBy === deps.workerId ? earlier : undefined;
    const read = (): Promise<(PeeringStatus | undefined)[]> =>
      Promise.all([
        put?.hubToSpokeConnected
          ? CONNECTED
          : deps.azure.getPeering(i.hub.resourceGroup, i.hub.vnetName, i.hubToSpoke, ctx.lro),
        put?.spokeToHubConnected ? CONNECTED : deps.azure.getPeering(i.resourceGroup, i.vnet, i.spokeToHub, ctx.lro),
      ]);
    const both = await pollUntil(
      ctx,
      async () => {
        const [h, s] = await read();
        return connected(h) && connected(s) ? [h, s] : undefined;
      },
      2_000,
      5,
    );
    if (!both) {
      const [h, s] = await read();
      const state = (p: PeeringStatus | undefined) => (p ? `${p.peeringState}/${p.peeringSyncLevel}` : "missing");
      throw new NotReadyError(
        "PeeringNotConnected",
        `Peering not connected yet: hub side ${state(h)}, spoke side ${state(s)}`,
      );
    }
    return {
      hubToSpoke: { state: both[0]?.peeringState, sync: both[0]?.peeringSyncLevel },
      spokeToHub: { state: both[1]?.peeringState, sync: both[1]?.peeringSyncLevel },
    };
  },
});
