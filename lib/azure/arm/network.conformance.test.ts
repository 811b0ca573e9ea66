import { ResourceManagementClient } from "@azure/arm-resources";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armIds } from "../ids";
import { startSimulatedAzure } from "../testing";
import { rawRequest } from "./test-http";

let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
const rg = "hub-rg";
const scope = () => ({ subscriptionId: env.gateway.subscriptionId, resourceGroup: rg });
beforeAll(async () => {
  env = await startSimulatedAzure({ pageSize: 2 });
});
afterAll(async () => {
  await env.stop();
});

const vnetSpec = (x: number, subnets = [{ name: "vm", addressPrefix: `10.11.${x}.0/26` }]) => ({
  location: "eastus",
  addressPrefixes: [`10.11.${x}.0/24`],
  subnets,
  tags: { "spoke-id": String(x) },
});

describe("virtual networks and subnets", () => {
  it("creates a VNet with inline subnets and reads it back", async () => {
    const v = await env.gateway.createOrUpdateVirtualNetwork(
      rg,
      "spoke-vnet-1",
      vnetSpec(1, [
        { name: "vm", addressPrefix: "10.11.1.0/26" },
        { name: "db", addressPrefix: "10.11.1.64/26" },
      ]),
    );
    expect(v.provisioningState).toBe("Succeeded");
    expect(v.subnets.map((s) => [s.name, s.addressPrefix, s.provisioningState])).toEqual([
      ["vm", "10.11.1.0/26", "Succeeded"],
      ["db", "10.11.1.64/26", "Succeeded"],
    ]);
    expect((await env.gateway.getSubnet(rg, "spoke-vnet-1", "db"))?.addressPrefix).toBe("10.11.1.64/26");
    expect(await env.gateway.getSubnet(rg, "spoke-vnet-1", "nope")).toBeUndefined();
    expect(await env.gateway.getVirtualNetwork("no-such-rg", "x")).toBeUndefined();
  });

  it("replaces the subnet array on PUT, refusing to drop a subnet in use", async () => {
    const v = await env.gateway.createOrUpdateVirtualNetwork(rg, "spoke-vnet-1", vnetSpec(1));
    expect(v.subnets.map((s) => s.name)).toEqual(["vm"]);
    await env.gateway.createOrUpdateNetworkInterface(rg, "inuse-nic", {
      location: "eastus",
      subnetId: armIds.subnet(scope(), "spoke-vnet-1", "vm"),
    });
    await expect(
      env.gateway.createOrUpdateVirtualNetwork(
        rg,
        "spoke-vnet-1",
        vnetSpec(1, [{ name: "other", addressPrefix: "10.11.1.128/26" }]),
      ),
    ).rejects.toMatchObject({ code: "InUseSubnetCannotBeDeleted", statusCode: 400 });
    await expect(env.gateway.deleteSubnet(rg, "spoke-vnet-1", "vm")).rejects.toMatchObject({
      code: "InUseSubnetCannotBeDeleted",
    });
    await expect(env.gateway.deleteVirtualNetwork(rg, "spoke-vnet-1")).rejects.toMatchObject({
      code: "InUseSubnetCannotBeDeleted",
    });
    await env.gateway.deleteNetworkInterface(rg, "inuse-nic");
  });

  it("validates subnet ranges like NRP", async () => {
    await expect(
      env.gateway.createOrUpdateVirtualNetwork(
        rg,
        "bad-vnet",
        vnetSpec(2, [{ name: "a", addressPrefix: "10.12.0.0/26" }]),
      ),
    ).rejects.toMatchObject({ code: "NetcfgSubnetRangeOutsideVnet", statusCode: 400 });
    await expect(
      env.gateway.createOrUpdateVirtualNetwork(
        rg,
        "bad-vnet",
        vnetSpec(2, [
          { name: "a", addressPrefix: "10.11.2.0/26" },
          { name: "b", addressPrefix: "10.11.2.32/27" },
        ]),
      ),
    ).rejects.toMatchObject({ code: "NetcfgSubnetRangesOverlap" });
    await expect(
      env.gateway.createOrUpdateSubnet(rg, "spoke-vnet-1", { name: "x", addressPrefix: "10.11.1.0/28" }),
    ).rejects.toMatchObject({ code: "NetcfgSubnetRangesOverlap" });
    expect(await env.gateway.getVirtualNetwork(rg, "bad-vnet")).toBeUndefined();
  });

  it("creates and deletes a subnet as its own LRO; deleting missing things succeeds", async () => {
    const s = await env.gateway.createOrUpdateSubnet(rg, "spoke-vnet-1", {
      name: "kv",
      addressPrefix: "10.11.1.128/26",
    });
    expect(s.provisioningState).toBe("Succeeded");
    await env.gateway.deleteSubnet(rg, "spoke-vnet-1", "kv");
    expect(await env.gateway.getSubnet(rg, "spoke-vnet-1", "kv")).toBeUndefined();
    await env.gateway.deleteSubnet(rg, "spoke-vnet-1", "kv");
    await env.gateway.deleteVirtualNetwork(rg, "never-existed");
    await env.gateway.deleteNetworkInterface(rg, "never-existed");
  });

  it("lists VNets in a group and in the subscription across nextLink pages", async () => {
    await env.gateway.createOrUpdateVirtualNetwork(rg, "spoke-vnet-3", vnetSpec(3));
    const inGroup = await env.gateway.listVirtualNetworks(rg);
    expect(inGroup.map((v) => v.name).sort()).toEqual(["hub-vnet", "spoke-vnet-1", "spoke-vnet-3"]);
    expect((await env.gateway.listAllVirtualNetworks()).length).toBe(3);
    const page = await rawRequest(
      env.sim.url,
      env.sim.caPem,
      "GET",
      `/subscriptions/${env.sim.subscriptionId}/providers/Microsoft.Network/virtualNetworks?api-version=2026-01-01`,
    );
    expect(page.json.nextLink).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
  });
});

describe("network interfaces", () => {
  it("allocates .4 first, then the next free address", async () => {
    const subnetId = armIds.subnet(scope(), "spoke-vnet-3", "vm");
    const a = await env.gateway.createOrUpdateNetworkInterface(rg, "a-nic", {
      location: "eastus",
      subnetId,
      tags: { x: "1" },
    });
    const b = await env.gateway.createOrUpdateNetworkInterface(rg, "b-nic", { location: "eastus", subnetId });
    expect([a.privateIpAddress, b.privateIpAddress]).toEqual(["10.11.3.4", "10.11.3.5"]);
    const again = await env.gateway.createOrUpdateNetworkInterface(rg, "a-nic", { location: "eastus", subnetId });
    expect(again.privateIpAddress).toBe("10.11.3.4");
    expect((await env.gateway.getSubnet(rg, "spoke-vnet-3", "vm"))?.ipConfigurationIds).toHaveLength(2);
    await env.gateway.deleteNetworkInterface(rg, "a-nic");
    await env.gateway.deleteNetworkInterface(rg, "b-nic");
    expect(await env.gateway.getNetworkInterface(rg, "a-nic")).toBeUndefined();
  });

  it("rejects a missing subnet and the gateway subnet", async () => {
    await expect(
      env.gateway.createOrUpdateNetworkInterface(rg, "x-nic", {
        location: "eastus",
        subnetId: armIds.subnet(scope(), "spoke-vnet-3", "nope"),
      }),
    ).rejects.toMatchObject({ code: "InvalidResourceReference", statusCode: 400 });
    await expect(
      env.gateway.createOrUpdateNetworkInterface(rg, "x-nic", {
        location: "eastus",
        subnetId: armIds.subnet(scope(), "hub-vnet", "agw-subnet"),
      }),
    ).rejects.toMatchObject({ code: "ApplicationGatewaySubnetCannotBeUsedByOtherResources" });
  });
});

describe("api versions", () => {
  it("accepts older stable versions and answers unknown ones with ARM's error", async () => {
    const resources = (apiVersion: string) =>
      new ResourceManagementClient(
        { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 60_000 }) },
        env.sim.subscriptionId,
        { endpoint: env.sim.url, tlsOptions: { ca: env.sim.caPem }, apiVersion, retryOptions: { maxRetries: 0 } },
      );
    expect((await resources("2021-04-01").resourceGroups.get(rg)).name).toBe(rg);
    await expect(resources("2099-01-01").resourceGroups.get(rg)).rejects.toMatchObject({
      name: "RestError",
      code: "InvalidApiVersionParameter",
      statusCode: 400,
    });
    const base = `/subscriptions/${env.sim.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/hub-vnet`;
    for (const v of ["2020-06-01", "2022-07-01", "2024-05-01", "2026-01-01"]) {
      expect((await rawRequest(env.sim.url, env.sim.caPem, "GET", `${base}?api-version=${v}`)).status).toBe(200);
    }
    expect(
      (await rawRequest(env.sim.url, env.sim.caPem, "GET", `${base}?api-version=2019-13-01`)).json.error.code,
    ).toBe("NoRegisteredProviderFound");
    expect((await rawRequest(env.sim.url, env.sim.caPem, "GET", base)).json.error.code).toBe(
      "MissingApiVersionParameter",
    );
    expect(
      (
        await rawRequest(
          env.sim.url,
          env.sim.caPem,
          "GET",
          `${base.toLowerCase().replace("hub-vnet", "HUB-VNET")}?api-version=2026-01-01`,
        )
      ).json.name,
    ).toBe("hub-vnet");
    expect(
      (await rawRequest(env.sim.url, env.sim.caPem, "GET", `${base}?api-version=2026-01-01`, undefined, {})).json.error
        .code,
    ).toBe("AuthenticationFailed");
  });
});
