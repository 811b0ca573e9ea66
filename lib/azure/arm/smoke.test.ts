import { afterAll, beforeAll, expect, it } from "vitest";
import { armIds } from "../ids";
import { startSimulatedAzure, testSshPublicKey } from "../testing";

let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
beforeAll(async () => { env = await startSimulatedAzure(); });
afterAll(async () => { await env.stop(); });

it("creates a spoke end to end", async () => {
  const gw = env.gateway;
  const scope = { subscriptionId: gw.subscriptionId, resourceGroup: "hub-rg" };
  const vnet = await gw.createOrUpdateVirtualNetwork("hub-rg", "spoke-vnet-1", { location: "eastus", addressPrefixes: ["10.11.1.0/24"], subnets: [{ name: "vm", addressPrefix: "10.11.1.0/26" }] });
  expect(vnet.provisioningState).toBe("Succeeded");
  const nic = await gw.createOrUpdateNetworkInterface("hub-rg", "vm1-nic", { location: "eastus", subnetId: armIds.subnet(scope, "spoke-vnet-1", "vm") });
  expect(nic.privateIpAddress).toBe("10.11.1.4");
  const vm = await gw.createOrUpdateVirtualMachine("hub-rg", "vm1", { location: "eastus", vmSize: "Standard_B1s", adminUsername: "azureuser", sshPublicKey: await testSshPublicKey(), networkInterfaceId: nic.id, osDiskName: "vm1-osdisk", customData: "#cloud-config\n" });
  expect(vm.provisioningState).toBe("Succeeded");
  const got = await gw.getVirtualMachine("hub-rg", "vm1");
  expect(got?.powerState).toBe("running");
  const p1 = await gw.createOrUpdatePeering("hub-rg", "hub-vnet", "hub-to-spoke-1", { remoteVirtualNetworkId: vnet.id });
  expect(p1.peeringState).toBe("Initiated");
  const p2 = await gw.createOrUpdatePeering("hub-rg", "spoke-vnet-1", "spoke-1-to-hub", { remoteVirtualNetworkId: armIds.virtualNetwork(scope, "hub-vnet") });
  expect(p2.peeringState).toBe("Connected");
  expect((await gw.getPeering("hub-rg", "hub-vnet", "hub-to-spoke-1"))?.peeringState).toBe("Connected");
  const agw = await gw.getApplicationGateway("hub-rg", "hub-agw");
  expect(agw?.backendAddressPools.map((p) => p.name)).toEqual(["defaultPool"]);
  const health = await gw.getBackendHealth("hub-rg", "hub-agw");
  expect(health.pools[0]?.poolName).toBe("defaultPool");
  await expect(gw.deleteNetworkInterface("hub-rg", "vm1-nic")).rejects.toMatchObject({ code: "NicInUse", statusCode: 400 });
  expect(await gw.getVirtualNetwork("hub-rg", "nope")).toBeUndefined();
});
