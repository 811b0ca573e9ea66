import type { AzureGateway } from "../types";
import type { ArmContext } from "./context";
import { toNetworkInterface, toPeering, toPublicIp, toResourceGroup, toSubnet, toVirtualNetwork } from "./mappers";

type NetworkOps = Pick<
  AzureGateway,
  | "getResourceGroup"
  | "createResourceGroup"
  | "createOrUpdateVirtualNetwork"
  | "getVirtualNetwork"
  | "deleteVirtualNetwork"
  | "listVirtualNetworks"
  | "listAllVirtualNetworks"
  | "getSubnet"
  | "createOrUpdateSubnet"
  | "deleteSubnet"
  | "createOrUpdatePeering"
  | "getPeering"
  | "deletePeering"
  | "listPeerings"
  | "createOrUpdateNetworkInterface"
  | "getNetworkInterface"
  | "deleteNetworkInterface"
  | "getPublicIpAddress"
  | "createOrUpdatePublicIpAddress"
>;

export function networkOps(ctx: ArmContext): NetworkOps {
  const { network, resources } = ctx.clients;
  return {
    getResourceGroup: async (name, opts) =>
      await ctx
        .find(`resourceGroups.get ${name}`, () => resources.resourceGroups.get(name, ctx.call(opts)))
        .then((r) => r && toResourceGroup(r)),
    createResourceGroup: async (name, spec, opts) =>
      toResourceGroup(
        await ctx.run(`resourceGroups.createOrUpdate ${name}`, () =>
          resources.resourceGroups.createOrUpdate(name, { location: spec.location, tags: spec.tags }, ctx.call(opts)),
        ),
      ),

    createOrUpdateVirtualNetwork: async (rg, name, spec, opts) => {
      const body = {
        location: spec.location,
        tags: spec.tags,
        addressSpace: { addressPrefixes: spec.addressPrefixes },
        subnets: spec.subnets.map((s) => ({ name: s.name, addressPrefix: s.addressPrefix })),
      };
      return toVirtualNetwork(
        await ctx.run(`virtualNetworks.createOrUpdate ${name}`, () =>
          network.virtualNetworks.createOrUpdate(rg, name, body, ctx.lro(opts)),
        ),
      );
    },
    getVirtualNetwork: async (rg, name, opts) => {
      const v = await ctx.find(`virtualNetworks.get ${name}`, () =>
        network.virtualNetworks.get(rg, name, ctx.call(opts)),
      );
      return v && toVirtualNetwork(v);
    },
    deleteVirtualNetwork: (rg, name, opts) =>
      ctx.remove(`virtualNetworks.delete ${name}`, () => network.virtualNetworks.delete(rg, name, ctx.lro(opts))),
    listVirtualNetworks: async (rg, opts) =>
      (await ctx.collect(`virtualNetworks.list ${rg}`, network.virtualNetworks.list(rg, ctx.call(opts)))).map(
        toVirtualNetwork,
      ),
    listAllVirtualNetworks: async (opts) =>
      (await ctx.collect("virtualNetworks.listAll", network.virtualNetworks.listAll(ctx.call(opts)))).map(
        toVirtualNetwork,
      ),

    getSubnet: async (rg, vnet, name, opts) => {
      const s = await ctx.find(`subnets.get ${vnet}/${name}`, () =>
        network.subnets.get(rg, vnet, name, ctx.call(opts)),
      );
      return s && toSubnet(s);
    },
    createOrUpdateSubnet: async (rg, vnet, spec, opts) =>
      toSubnet(
        await ctx.run(`subnets.createOrUpdate ${vnet}/${spec.name}`, () =>
          network.subnets.createOrUpdate(rg, vnet, spec.name, { addressPrefix: spec.addressPrefix }, ctx.lro(opts)),
        ),
      ),
    deleteSubnet: (rg, vnet, name, opts) =>
      ctx.remove(`subnets.delete ${vnet}/${name}`, () => network.subnets.delete(rg, vnet, name, ctx.lro(opts))),

    createOrUpdatePeering: async (rg, vnet, name, spec, opts) => {
      const body = {
        remoteVirtualNetwork: { id: spec.remoteVirtualNetworkId },
        allowVirtualNetworkAccess: spec.allowVirtualNetworkAccess ?? true,
        allowForwardedTraffic: spec.allowForwardedTraffic ?? false,
        allowGatewayTransit: spec.allowGatewayTransit ?? false,
        useRemoteGateways: spec.useRemoteGateways ?? false,
      };
      const options = {
        ...ctx.lro(opts),
        ...(spec.syncRemoteAddressSpace ? { syncRemoteAddressSpace: "true" as const } : {}),
      };
      return toPeering(
        await ctx.run(`virtualNetworkPeerings.createOrUpdate ${vnet}/${name}`, () =>
          network.virtualNetworkPeerings.createOrUpdate(rg, vnet, name, body, options),
        ),
      );
    },
    getPeering: async (rg, vnet, name, opts) => {
      const p = await ctx.find(`virtualNetworkPeerings.get ${vnet}/${name}`, () =>
        network.virtualNetworkPeerings.get(rg, vnet, name, ctx.call(opts)),
      );
      return p && toPeering(p);
    },
    deletePeering: (rg, vnet, name, opts) =>
      ctx.remove(`virtualNetworkPeerings.delete ${vnet}/${name}`, () =>
        network.virtualNetworkPeerings.delete(rg, vnet, name, ctx.lro(opts)),
      ),
    listPeerings: async (rg, vnet, opts) =>
      (
        await ctx.collect(
          `virtualNetworkPeerings.list ${vnet}`,
          network.virtualNetworkPeerings.list(rg, vnet, ctx.call(opts)),
        )
      ).map(toPeering),

    createOrUpdateNetworkInterface: async (rg, name, spec, opts) => {
      const body = {
        location: spec.location,
        tags: spec.tags,
        ipConfigurations: [
          {
            name: "ipconfig1",
            subnet: { id: spec.subnetId },
            privateIPAllocationMethod: spec.privateIpAddress ? ("Static" as const) : ("Dynamic" as const),
            ...(spec.privateIpAddress ? { privateIPAddress: spec.privateIpAddress } : {}),
            primary: true,
          },
        ],
      };
      return toNetworkInterface(
        await ctx.run(`networkInterfaces.createOrUpdate ${name}`, () =>
          network.networkInterfaces.createOrUpdate(rg, name, body, ctx.lro(opts)),
        ),
      );
    },
    getNetworkInterface: async (rg, name, opts) => {
      const n = await ctx.find(`networkInterfaces.get ${name}`, () =>
        network.networkInterfaces.get(rg, name, ctx.call(opts)),
      );
      return n && toNetworkInterface(n);
    },
    deleteNetworkInterface: (rg, name, opts) =>
      ctx.remove(`networkInterfaces.delete ${name}`, () => network.networkInterfaces.delete(rg, name, ctx.lro(opts))),

    getPublicIpAddress: async (rg, name, opts) => {
      const p = await ctx.find(`publicIPAddresses.get ${name}`, () =>
        network.publicIPAddresses.get(rg, name, ctx.call(opts)),
      );
      return p && toPublicIp(p);
    },
    createOrUpdatePublicIpAddress: async (rg, name, spec, opts) => {
      const sku = spec.sku ?? "Standard";
      const body = {
        location: spec.location,
        tags: spec.tags,
        sku: { name: sku, tier: "Regional" as const },
        publicIPAllocationMethod: sku === "Standard" ? ("Static" as const) : ("Dynamic" as const),
        publicIPAddressVersion: "IPv4" as const,
      };
      return toPublicIp(
        await ctx.run(`publicIPAddresses.createOrUpdate ${name}`, () =>
          network.publicIPAddresses.createOrUpdate(rg, name, body, ctx.lro(opts)),
        ),
      );
    },
  };
}
