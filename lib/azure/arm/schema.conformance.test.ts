import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armIds } from "../ids";
import { startSimulatedAzure, testSshPublicKey } from "../testing";
import { rawRequest } from "./test-http";

/**
 * Schema comparison with the official examples (ARCHITECTURE.md §15): for the properties the product sets
 * or reads and the read-only ones ARM always returns, the simulator's response has the example's
 * property paths with the same JSON value types. "[]" means "some element of the array".
 */
// Official Azure REST API examples (from the arm-reference pack), kept in the repository as fixtures.
const EXAMPLES = fileURLToPath(new URL("./fixtures/arm-examples/", import.meta.url));

type J = unknown;
function typesAt(value: J, path: string[]): string[] {
  if (path.length === 0) return [Array.isArray(value) ? "array" : value === null ? "null" : typeof value];
  const [head, ...rest] = path;
  if (head === "[]") return Array.isArray(value) ? value.flatMap((v) => typesAt(v, rest)) : [];
  if (value && typeof value === "object" && !Array.isArray(value) && head! in (value as Record<string, J>)) {
    return typesAt((value as Record<string, J>)[head!], rest);
  }
  return [];
}
const split = (p: string) => p.replace(/\[\]/g, ".[]").split(".").filter(Boolean);

function compare(example: J, actual: J, paths: string[]): string[] {
  const problems: string[] = [];
  for (const p of paths) {
    const want = typesAt(example, split(p));
    const got = typesAt(actual, split(p));
    if (want.length === 0) problems.push(`example lacks ${p}`);
    else if (!got.includes(want[0]!))
      problems.push(`${p}: example ${want[0]}, simulator ${got.join("|") || "missing"}`);
  }
  return problems;
}

function example(file: string, status = "200"): J {
  const json = JSON.parse(readFileSync(`${EXAMPLES}${file}`, "utf8")) as { responses: Record<string, { body: J }> };
  return json.responses[status]!.body;
}

const TRACKED = ["id", "name", "type", "location"];
const VNET = [
  ...TRACKED,
  "properties.provisioningState",
  "properties.addressSpace.addressPrefixes[]",
  "properties.subnets[].id",
  "properties.subnets[].name",
  "properties.subnets[].properties.addressPrefix",
  "properties.subnets[].properties.provisioningState",
  "properties.subnets[].properties.ipConfigurations[].id",
  "properties.virtualNetworkPeerings",
];
const SUBNET = ["id", "name", "properties.addressPrefix", "properties.provisioningState"];
const PEERING = [
  "id",
  "name",
  ...[
    "allowVirtualNetworkAccess",
    "allowForwardedTraffic",
    "allowGatewayTransit",
    "useRemoteGateways",
    "remoteVirtualNetwork.id",
    "remoteAddressSpace.addressPrefixes[]",
    "remoteVirtualNetworkAddressSpace.addressPrefixes[]",
    "peeringState",
    "peeringSyncLevel",
    "provisioningState",
  ].map((p) => `properties.${p}`),
];
const NIC = [
  ...TRACKED,
  ...[
    "provisioningState",
    "ipConfigurations[].id",
    "ipConfigurations[].name",
    "ipConfigurations[].properties.privateIPAddress",
    "ipConfigurations[].properties.privateIPAllocationMethod",
    "ipConfigurations[].properties.subnet.id",
    "ipConfigurations[].properties.primary",
    "ipConfigurations[].properties.privateIPAddressVersion",
    "ipConfigurations[].properties.provisioningState",
    "dnsSettings.dnsServers",
    "macAddress",
    "enableAcceleratedNetworking",
    "enableIPForwarding",
    "primary",
    "virtualMachine.id",
    "vnetEncryptionSupported",
  ].map((p) => `properties.${p}`),
];
const PIP = [
  ...TRACKED,
  ...[
    "provisioningState",
    "publicIPAddressVersion",
    "publicIPAllocationMethod",
    "idleTimeoutInMinutes",
    "ipConfiguration.id",
  ].map((p) => `properties.${p}`),
];
const AGW = [
  ...TRACKED,
  ...[
    "provisioningState",
    "operationalState",
    "sku.name",
    "sku.tier",
    "sku.capacity",
    "gatewayIPConfigurations[].id",
    "gatewayIPConfigurations[].properties.subnet.id",
    "frontendIPConfigurations[].id",
    "frontendIPConfigurations[].properties.publicIPAddress.id",
    "frontendPorts[].name",
    "frontendPorts[].properties.port",
    "backendAddressPools[].id",
    "backendAddressPools[].name",
    "backendAddressPools[].properties.backendAddresses",
    "backendAddressPools[].properties.provisioningState",
    "backendHttpSettingsCollection[].id",
    "backendHttpSettingsCollection[].properties.port",
    "backendHttpSettingsCollection[].properties.protocol",
    "backendHttpSettingsCollection[].properties.cookieBasedAffinity",
    "backendHttpSettingsCollection[].properties.requestTimeout",
    "httpListeners[].id",
    "httpListeners[].properties.frontendIPConfiguration.id",
    "httpListeners[].properties.frontendPort.id",
    "httpListeners[].properties.protocol",
    "requestRoutingRules[].id",
    "requestRoutingRules[].properties.ruleType",
    "requestRoutingRules[].properties.priority",
    "requestRoutingRules[].properties.httpListener.id",
    "requestRoutingRules[].properties.backendAddressPool.id",
    "requestRoutingRules[].properties.backendHttpSettings.id",
  ].map((p) => `properties.${p}`),
];
const VM = [
  ...TRACKED,
  "tags",
  "etag",
  ...[
    "vmId",
    "hardwareProfile.vmSize",
    "storageProfile.imageReference.publisher",
    "storageProfile.imageReference.offer",
    "storageProfile.imageReference.sku",
    "storageProfile.imageReference.version",
    "storageProfile.osDisk.osType",
    "storageProfile.osDisk.name",
    "storageProfile.osDisk.createOption",
    "storageProfile.osDisk.caching",
    "storageProfile.osDisk.managedDisk.storageAccountType",
    "storageProfile.osDisk.managedDisk.id",
    "storageProfile.osDisk.diskSizeGB",
    "osProfile.computerName",
    "osProfile.adminUsername",
    "osProfile.secrets",
    "networkProfile.networkInterfaces[].id",
    "diagnosticsProfile.bootDiagnostics.enabled",
    "provisioningState",
    "timeCreated",
  ].map((p) => `properties.${p}`),
];
const INSTANCE_VIEW = [
  "computerName",
  "osName",
  "osVersion",
  "hyperVGeneration",
  "vmAgent.vmAgentVersion",
  "vmAgent.statuses[].code",
  "disks[].name",
  "disks[].statuses[].code",
  "statuses[].code",
  "statuses[].level",
  "statuses[].displayStatus",
];
const DISK = [
  ...TRACKED,
  "tags",
  "managedBy",
  "sku.name",
  ...[
    "osType",
    "hyperVGeneration",
    "creationData.createOption",
    "creationData.imageReference.id",
    "diskSizeGB",
    "timeCreated",
    "provisioningState",
  ].map((p) => `properties.${p}`),
];
const HEALTH = [
  "backendAddressPools[].backendAddressPool.id",
  "backendAddressPools[].backendHttpSettingsCollection[].backendHttpSettings.id",
  "backendAddressPools[].backendHttpSettingsCollection[].servers[].address",
  "backendAddressPools[].backendHttpSettingsCollection[].servers[].health",
];
const SKUS = [
  "value[].resourceType",
  "value[].name",
  "value[].tier",
  "value[].size",
  "value[].family",
  "value[].locations[]",
  "value[].capabilities[].name",
  "value[].capabilities[].value",
  "value[].locationInfo[].location",
  "value[].locationInfo[].zones[]",
];
const USAGE = [
  "value[].unit",
  "value[].currentValue",
  "value[].limit",
  "value[].name.value",
  "value[].name.localizedValue",
];
const SIZES = [
  "value[].name",
  "value[].numberOfCores",
  "value[].osDiskSizeInMB",
  "value[].resourceDiskSizeInMB",
  "value[].memoryInMB",
  "value[].maxDataDiskCount",
];
const RG = ["id", "name", "location", "properties.provisioningState"];
const list = (paths: string[]) => paths.map((p) => `value[].${p}`);

let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
let sub = "";
const get = async (path: string, apiVersion: string) =>
  (
    await rawRequest(
      env.sim.url,
      env.sim.caPem,
      "GET",
      `/subscriptions/${sub}${path}${path.includes("?") ? "&" : "?"}api-version=${apiVersion}`,
    )
  ).json as J;

beforeAll(async () => {
  env = await startSimulatedAzure({ timeScale: 0.0001 });
  sub = env.sim.subscriptionId;
  const gw = env.gateway;
  const scope = { subscriptionId: sub, resourceGroup: "hub-rg" };
  const vnet = await gw.createOrUpdateVirtualNetwork("hub-rg", "spoke-vnet-1", {
    location: "eastus",
    addressPrefixes: ["10.11.1.0/24"],
    subnets: [{ name: "vm", addressPrefix: "10.11.1.0/26" }],
  });
  await gw.createOrUpdatePeering("hub-rg", "hub-vnet", "hub-to-spoke-1", { remoteVirtualNetworkId: vnet.id });
  const nic = await gw.createOrUpdateNetworkInterface("hub-rg", "vm1-nic", {
    location: "eastus",
    subnetId: armIds.subnet(scope, "spoke-vnet-1", "vm"),
  });
  await gw.createOrUpdateVirtualMachine("hub-rg", "vm1", {
    location: "eastus",
    vmSize: "Standard_B1s",
    adminUsername: "azureuser",
    sshPublicKey: await testSshPublicKey(),
    networkInterfaceId: nic.id,
    osDiskName: "vm1-osdisk",
    tags: { "spoke-id": "1" },
  });
  const view = (await gw.getApplicationGateway("hub-rg", "hub-agw"))!;
  await gw.putApplicationGateway(view.handle, {
    ...view,
    backendAddressPools: [
      ...view.backendAddressPools.slice(0, 1).map((p) => ({ ...p, addresses: [{ ipAddress: nic.privateIpAddress! }] })),
    ],
  });
});
afterAll(async () => {
  await env.stop();
});

const N = "/resourceGroups/hub-rg/providers/Microsoft.Network";
const C = "/resourceGroups/hub-rg/providers/Microsoft.Compute";
const CASES: [string, string, () => Promise<J>][] = [
  ["Microsoft.Network/VirtualNetworkGet.json", "vnet", () => get(`${N}/virtualNetworks/hub-vnet`, "2026-01-01")],
  ["Microsoft.Network/VirtualNetworkList.json", "vnet-list", () => get(`${N}/virtualNetworks`, "2026-01-01")],
  [
    "Microsoft.Network/SubnetGet.json",
    "subnet",
    () => get(`${N}/virtualNetworks/hub-vnet/subnets/agw-subnet`, "2026-01-01"),
  ],
  [
    "Microsoft.Network/SubnetList.json",
    "subnet-list",
    () => get(`${N}/virtualNetworks/hub-vnet/subnets`, "2026-01-01"),
  ],
  [
    "Microsoft.Network/VirtualNetworkPeeringGet.json",
    "peering",
    () => get(`${N}/virtualNetworks/hub-vnet/virtualNetworkPeerings/hub-to-spoke-1`, "2026-01-01"),
  ],
  [
    "Microsoft.Network/VirtualNetworkPeeringList.json",
    "peering-list",
    () => get(`${N}/virtualNetworks/hub-vnet/virtualNetworkPeerings`, "2025-03-01"),
  ],
  ["Microsoft.Network/NetworkInterfaceGet.json", "nic", () => get(`${N}/networkInterfaces/vm1-nic`, "2026-01-01")],
  ["Microsoft.Network/PublicIpAddressGet.json", "pip", () => get(`${N}/publicIPAddresses/hub-agw-pip`, "2026-01-01")],
  ["Microsoft.Network/ApplicationGatewayGet.json", "agw", () => get(`${N}/applicationGateways/hub-agw`, "2026-01-01")],
  ["Microsoft.Network/ApplicationGatewayList.json", "agw-list", () => get(`${N}/applicationGateways`, "2026-01-01")],
  [
    "Microsoft.Network/ApplicationGatewayBackendHealthGet.json",
    "health",
    async () => {
      await new Promise((r) => setTimeout(r, 20));
      const start = await rawRequest(
        env.sim.url,
        env.sim.caPem,
        "POST",
        `/subscriptions/${sub}${N}/applicationGateways/hub-agw/backendhealth?api-version=2026-01-01`,
      );
      const location = String(start.headers.location);
      for (;;) {
        const poll = await rawRequest(
          location.replace(/\/subscriptions.*/, ""),
          env.sim.caPem,
          "GET",
          location.replace(/^https:\/\/[^/]+/, ""),
        );
        if (poll.status === 200) return poll.json as J;
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  ],
  ["Microsoft.Compute/VirtualMachine_Get.json", "vm", () => get(`${C}/virtualMachines/vm1`, "2026-04-01")],
  [
    "Microsoft.Compute/VirtualMachine_Get_InstanceView.json",
    "instance-view",
    () => get(`${C}/virtualMachines/vm1/instanceView`, "2026-04-01"),
  ],
  ["Microsoft.Compute/Disk_Get.json", "disk", () => get(`${C}/disks/vm1-osdisk`, "2026-03-02")],
  [
    "Microsoft.Compute/ListAvailableResourceSkus.json",
    "skus",
    () => get(`/providers/Microsoft.Compute/skus?%24filter=location%20eq%20'eastus'`, "2021-07-01"),
  ],
  [
    "Microsoft.Compute/Usage_List_MaximumSet_Gen.json",
    "usage",
    () => get(`/providers/Microsoft.Compute/locations/eastus/usages`, "2026-04-01"),
  ],
  [
    "Microsoft.Compute/VirtualMachine_ListAvailableVmSizes.json",
    "sizes",
    () => get(`${C}/virtualMachines/vm1/vmSizes`, "2026-04-01"),
  ],
  ["Microsoft.Resources/CreateResourceGroup.json", "rg", () => get(`/resourcegroups/hub-rg`, "2025-04-01")],
];
const PATHS: Record<string, string[]> = {
  vnet: VNET,
  "vnet-list": list(VNET.filter((p) => !p.includes("ipConfigurations"))),
  subnet: SUBNET,
  "subnet-list": list(SUBNET),
  peering: PEERING,
  "peering-list": list(PEERING),
  nic: NIC,
  pip: PIP,
  agw: AGW,
  "agw-list": list(AGW),
  health: HEALTH,
  vm: VM,
  "instance-view": INSTANCE_VIEW,
  disk: DISK,
  skus: SKUS,
  usage: USAGE,
  sizes: SIZES,
  rg: RG,
};

describe("responses match the shapes of the official examples", () => {
  it("has the example fixtures", () => expect(existsSync(EXAMPLES)).toBe(true));
  for (const [file, key, fetchActual] of CASES) {
    it(file, async () => {
      expect(compare(example(file), await fetchActual(), PATHS[key]!)).toEqual([]);
    });
  }
});
