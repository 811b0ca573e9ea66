import { afterAll, beforeAll, expect, it } from "vitest";
import { armIds } from "../ids";
import { startSimulatedAzure } from "../testing";

let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
const rg = "hub-rg";
const id = (name: string) =>
  armIds.virtualNetwork({ subscriptionId: env.gateway.subscriptionId, resourceGroup: rg }, name);
beforeAll(async () => {
  env = await startSimulatedAzure();
  for (const [name, prefix] of [
    ["spoke-vnet-1", "10.11.1.0/24"],
    ["spoke-vnet-2", "10.11.2.0/24"],
    ["clash-vnet", "10.0.5.0/24"],
  ] as const) {
    await env.gateway.createOrUpdateVirtualNetwork(rg, name, {
      location: "eastus",
      addressPrefixes: [prefix],
      subnets: [],
    });
  }
});
afterAll(async () => {
  await env.stop();
});

it("goes Initiated → Connected when both sides exist, FullyInSync", async () => {
  const a = await env.gateway.createOrUpdatePeering(rg, "hub-vnet", "hub-to-spoke-1", {
    remoteVirtualNetworkId: id("spoke-vnet-1"),
  });
  expect([a.peeringState, a.provisioningState, a.peeringSyncLevel]).toEqual(["Initiated", "Succeeded", "FullyInSync"]);
  const b = await env.gateway.createOrUpdatePeering(rg, "spoke-vnet-1", "spoke-1-to-hub", {
    remoteVirtualNetworkId: id("hub-vnet"),
  });
  expect(b.peeringState).toBe("Connected");
  const hub = await env.gateway.getPeering(rg, "hub-vnet", "hub-to-spoke-1");
  expect([hub?.peeringState, hub?.peeringSyncLevel]).toEqual(["Connected", "FullyInSync"]);
  expect(hub?.remoteAddressPrefixes).toEqual(["10.11.1.0/24"]);
  expect((await env.gateway.listPeerings(rg, "hub-vnet")).map((p) => p.name)).toEqual(["hub-to-spoke-1"]);
});

it("reports sync levels after an address-space change until synced", async () => {
  await env.gateway.createOrUpdateVirtualNetwork(rg, "spoke-vnet-1", {
    location: "eastus",
    addressPrefixes: ["10.11.1.0/24", "10.21.1.0/24"],
    subnets: [],
  });
  expect((await env.gateway.getPeering(rg, "hub-vnet", "hub-to-spoke-1"))?.peeringSyncLevel).toBe("RemoteNotInSync");
  expect((await env.gateway.getPeering(rg, "spoke-vnet-1", "spoke-1-to-hub"))?.peeringSyncLevel).toBe("LocalNotInSync");
  await env.gateway.createOrUpdatePeering(rg, "hub-vnet", "hub-to-spoke-1", {
    remoteVirtualNetworkId: id("spoke-vnet-1"),
    syncRemoteAddressSpace: true,
  });
  expect((await env.gateway.getPeering(rg, "hub-vnet", "hub-to-spoke-1"))?.peeringSyncLevel).toBe("FullyInSync");
  expect((await env.gateway.getPeering(rg, "spoke-vnet-1", "spoke-1-to-hub"))?.peeringSyncLevel).toBe("FullyInSync");
});

it("leaves the survivor Disconnected and refuses a re-create until it is rewritten", async () => {
  await env.gateway.deletePeering(rg, "spoke-vnet-1", "spoke-1-to-hub");
  expect((await env.gateway.getPeering(rg, "hub-vnet", "hub-to-spoke-1"))?.peeringState).toBe("Disconnected");
  await expect(
    env.gateway.createOrUpdatePeering(rg, "spoke-vnet-1", "spoke-1-to-hub", { remoteVirtualNetworkId: id("hub-vnet") }),
  ).rejects.toMatchObject({ code: "RemotePeeringIsDisconnected", statusCode: 400 });
  expect(
    (
      await env.gateway.createOrUpdatePeering(rg, "hub-vnet", "hub-to-spoke-1", {
        remoteVirtualNetworkId: id("spoke-vnet-1"),
      })
    ).peeringState,
  ).toBe("Initiated");
  expect(
    (
      await env.gateway.createOrUpdatePeering(rg, "spoke-vnet-1", "spoke-1-to-hub", {
        remoteVirtualNetworkId: id("hub-vnet"),
      })
    ).peeringState,
  ).toBe("Connected");
});

it("disconnects the remote side when a whole VNet is deleted", async () => {
  await env.gateway.createOrUpdatePeering(rg, "hub-vnet", "hub-to-spoke-2", {
    remoteVirtualNetworkId: id("spoke-vnet-2"),
  });
  await env.gateway.createOrUpdatePeering(rg, "spoke-vnet-2", "spoke-2-to-hub", {
    remoteVirtualNetworkId: id("hub-vnet"),
  });
  await env.gateway.deleteVirtualNetwork(rg, "spoke-vnet-2");
  expect((await env.gateway.getPeering(rg, "hub-vnet", "hub-to-spoke-2"))?.peeringState).toBe("Disconnected");
  await env.gateway.deletePeering(rg, "hub-vnet", "hub-to-spoke-2");
  expect(await env.gateway.getPeering(rg, "hub-vnet", "hub-to-spoke-2")).toBeUndefined();
});

it("validates gateway flags and address overlaps", async () => {
  await expect(
    env.gateway.createOrUpdatePeering(rg, "spoke-vnet-1", "spoke-1-to-hub", {
      remoteVirtualNetworkId: id("hub-vnet"),
      useRemoteGateways: true,
    }),
  ).rejects.toMatchObject({ code: "RemoteVnetHasNoGateways", statusCode: 400 });
  await expect(
    env.gateway.createOrUpdatePeering(rg, "clash-vnet", "clash-to-hub", { remoteVirtualNetworkId: id("hub-vnet") }),
  ).rejects.toMatchObject({ code: "VnetAddressSpacesOverlap" });
  await env.gateway.createOrUpdateVirtualNetwork(rg, "dup-vnet", {
    location: "eastus",
    addressPrefixes: ["10.11.1.0/25"],
    subnets: [],
  });
  await expect(
    env.gateway.createOrUpdatePeering(rg, "dup-vnet", "dup-to-hub", { remoteVirtualNetworkId: id("hub-vnet") }),
  ).rejects.toMatchObject({ code: "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet" });
  await expect(
    env.gateway.createOrUpdatePeering(rg, "dup-vnet", "x", { remoteVirtualNetworkId: id("missing-vnet") }),
  ).rejects.toMatchObject({ code: "InvalidResourceReference" });
});
