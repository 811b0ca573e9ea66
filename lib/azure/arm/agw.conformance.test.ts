import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapHub } from "../bootstrap-hub";
import { armIds } from "../ids";
import { startSimulatedAzure, testSshPublicKey } from "../testing";
import type { AgwEntries, ApplicationGatewayView } from "../types";

let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
const rg = "hub-rg";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the product's reconciler does: add one client's entries, keep everything else. */
function withClient(view: ApplicationGatewayView, client: string, ip: string, priority: number): AgwEntries {
  const c = (kind: Parameters<typeof armIds.agwChild>[1], name: string) => armIds.agwChild(view.id, kind, name);
  return {
    backendAddressPools: [...view.backendAddressPools, { name: `${client}-pool`, addresses: [{ ipAddress: ip }] }],
    backendHttpSettings: [
      ...view.backendHttpSettings,
      { name: `${client}-http`, port: 80, protocol: "Http", cookieBasedAffinity: "Disabled" },
    ],
    httpListeners: [
      ...view.httpListeners,
      {
        name: `${client}-listener`,
        frontendIpConfigurationId: view.frontendIpConfigurations[0]!.id,
        frontendPortId: view.frontendPorts[0]!.id,
        protocol: "Http",
        hostNames: [`${client}.example.com`],
      },
    ],
    requestRoutingRules: [
      ...view.requestRoutingRules,
      {
        name: `${client}-route`,
        ruleType: "Basic",
        priority,
        httpListenerId: c("httpListeners", `${client}-listener`),
        backendAddressPoolId: c("backendAddressPools", `${client}-pool`),
        backendHttpSettingsId: c("backendHttpSettingsCollection", `${client}-http`),
      },
    ],
  };
}

beforeAll(async () => {
  env = await startSimulatedAzure({ timeScale: 0.002 });
});
afterAll(async () => {
  await env.stop();
});

describe("application gateway", () => {
  it("merges new entries without losing the rest of the gateway", async () => {
    const view = (await env.gateway.getApplicationGateway(rg, "hub-agw"))!;
    const next = await env.gateway.putApplicationGateway(view.handle, withClient(view, "acme", "10.11.1.4", 1001));
    expect(next.provisioningState).toBe("Succeeded");
    expect(next.backendAddressPools.map((p) => p.name)).toEqual(["defaultPool", "acme-pool"]);
    expect(next.requestRoutingRules.find((r) => r.name === "defaultRoutingRule")?.priority).toBe(20000);
    expect(next.httpListeners.find((l) => l.name === "acme-listener")?.hostNames).toEqual(["acme.example.com"]);
    expect(next.frontendPorts).toEqual(view.frontendPorts);
    expect(next.skuName).toBe("Standard_v2");
  });

  it("enforces v2 rule priorities", async () => {
    const view = (await env.gateway.getApplicationGateway(rg, "hub-agw"))!;
    const noPriority = withClient(view, "beta", "10.11.2.4", 1002);
    delete noPriority.requestRoutingRules[noPriority.requestRoutingRules.length - 1]!.priority;
    await expect(env.gateway.putApplicationGateway(view.handle, noPriority)).rejects.toMatchObject({
      code: "ApplicationGatewayRequestRoutingRulePriorityCannotBeEmpty",
      statusCode: 400,
    });
    await expect(
      env.gateway.putApplicationGateway(view.handle, withClient(view, "beta", "10.11.2.4", 1001)),
    ).rejects.toMatchObject({ code: "ApplicationGatewayRequestRoutingRulesWithSamePriority" });
  });

  it("cancels an in-flight PUT when a second one arrives; the second wins", async () => {
    env.sim.configure({ profile: "fast", timeScale: 1 });
    env.sim.resetRequests();
    const view = (await env.gateway.getApplicationGateway(rg, "hub-agw"))!;
    const first = env.gateway.putApplicationGateway(view.handle, withClient(view, "one", "10.11.3.4", 1003));
    await sleep(5);
    const second = env.gateway.putApplicationGateway(view.handle, withClient(view, "two", "10.11.4.4", 1004));
    await expect(first).rejects.toMatchObject({ name: "AzureError", code: "Canceled" });
    const won = await second;
    expect(won.backendAddressPools.map((p) => p.name)).toEqual(["defaultPool", "acme-pool", "two-pool"]);
    expect(env.sim.requests().byMethodAndOperation["PUT applicationGateways.createOrUpdate"]).toBe(2);
    env.sim.configure({ profile: "instant", timeScale: 0.002 });
  });

  it("reports backend health Unknown → Up → Down from the VM's life", async () => {
    const gw = env.gateway;
    const scope = { subscriptionId: gw.subscriptionId, resourceGroup: rg };
    await gw.createOrUpdateVirtualNetwork(rg, "spoke-vnet-7", {
      location: "eastus",
      addressPrefixes: ["10.11.7.0/24"],
      subnets: [{ name: "vm", addressPrefix: "10.11.7.0/26" }],
    });
    const nic = await gw.createOrUpdateNetworkInterface(rg, "h-nic", {
      location: "eastus",
      subnetId: armIds.subnet(scope, "spoke-vnet-7", "vm"),
    });
    await gw.createOrUpdateVirtualMachine(rg, "h-vm", {
      location: "eastus",
      vmSize: "Standard_B1s",
      adminUsername: "azureuser",
      sshPublicKey: await testSshPublicKey(),
      networkInterfaceId: nic.id,
      osDiskName: "h-osdisk",
    });
    const view = (await gw.getApplicationGateway(rg, "hub-agw"))!;
    await gw.putApplicationGateway(view.handle, withClient(view, "health", nic.privateIpAddress!, 1007));
    const state = async () =>
      (await gw.getBackendHealth(rg, "hub-agw")).pools.find((p) => p.poolName === "health-pool")?.settings[0]
        ?.servers[0]?.health;
    expect(await state()).toBe("Unknown");
    await sleep(80); // 30 s probe interval × 0.002
    expect(await state()).toBe("Up");
    await gw.powerOffVirtualMachine(rg, "h-vm");
    expect(await state()).toBe("Down");
    await gw.deleteVirtualMachine(rg, "h-vm");
    expect(await state()).toBe("Down");
  });
});

describe("bootstrap hub", () => {
  it("creates the ARCHITECTURE.md §1 hub in a bare subscription and is idempotent", async () => {
    const bare = await startSimulatedAzure({ seedHub: false });
    try {
      expect(await bare.gateway.getResourceGroup("hub-rg")).toBeUndefined();
      const first = await bootstrapHub(bare.gateway);
      expect(first.created).toEqual(["resourceGroup", "virtualNetwork", "publicIpAddress", "applicationGateway"]);
      expect(first.vnet.subnets.map((s) => s.name)).toEqual(["hub-subnet", "agw-subnet"]);
      expect(first.gateway.requestRoutingRules.map((r) => r.name)).toEqual(["defaultRoutingRule"]);
      bare.sim.resetRequests();
      const second = await bootstrapHub(bare.gateway);
      expect(second.created).toEqual([]);
      expect(bare.sim.requests().writes).toBe(0);
    } finally {
      await bare.stop();
    }
  });
});
