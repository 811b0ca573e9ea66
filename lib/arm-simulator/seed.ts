import { ArmError } from "./errors";
import type { Ctx } from "./http";
import type { Sim } from "./sim";
import type { JsonObject } from "./types";

/** The ARCHITECTURE.md §1 hub, as the portal would have created it. */
export const HUB = {
  resourceGroup: "hub-rg",
  vnet: "hub-vnet",
  addressSpace: "10.0.0.0/16",
  subnets: { hub: ["hub-subnet", "10.0.0.0/24"], agw: ["agw-subnet", "10.0.1.0/24"] },
  agw: "hub-agw",
  publicIp: "hub-agw-pip",
} as const;

/** Runs a request through the real handlers and completes its operation at once. */
function invoke(sim: Sim, method: string, path: string, body: JsonObject, apiVersion: string): void {
  const match = sim.router.match(method, path);
  if (!match) throw new Error(`seed: no route for ${method} ${path}`);
  const ctx: Ctx = { sim, method, params: match.params, query: {}, body, apiVersion, operation: match.route.operation };
  const result = match.route.handler(ctx);
  if (result.status >= 300) throw new ArmError(result.status, "SeedFailed", JSON.stringify(result.body));
  for (const op of sim.state.operations.values()) if (op.status === "InProgress") op.dueAt = 0;
  sim.ops.settleDue();
}

export function seedHub(sim: Sim, location = "eastus"): void {
  const sub = sim.subscriptionId;
  const rg = `/subscriptions/${sub}/resourceGroups/${HUB.resourceGroup}`;
  const net = `${rg}/providers/Microsoft.Network`;
  const agwId = `${net}/applicationGateways/${HUB.agw}`;
  const sub_ = (kind: string, name: string) => ({ id: `${agwId}/${kind}/${name}` });
  invoke(sim, "PUT", rg, { location }, "2025-04-01");
  invoke(
    sim,
    "PUT",
    `${net}/virtualNetworks/${HUB.vnet}`,
    {
      location,
      properties: {
        addressSpace: { addressPrefixes: [HUB.addressSpace] },
        subnets: Object.values(HUB.subnets).map(([name, prefix]) => ({ name, properties: { addressPrefix: prefix } })),
      },
    },
    "2026-01-01",
  );
  invoke(
    sim,
    "PUT",
    `${net}/publicIPAddresses/${HUB.publicIp}`,
    {
      location,
      sku: { name: "Standard", tier: "Regional" },
      properties: { publicIPAllocationMethod: "Static", publicIPAddressVersion: "IPv4" },
    },
    "2026-01-01",
  );
  invoke(
    sim,
    "PUT",
    agwId,
    {
      location,
      properties: {
        sku: { name: "Standard_v2", tier: "Standard_v2", capacity: 2 },
        gatewayIPConfigurations: [
          {
            name: "appGatewayIpConfig",
            properties: { subnet: { id: `${net}/virtualNetworks/${HUB.vnet}/subnets/${HUB.subnets.agw[0]}` } },
          },
        ],
        frontendIPConfigurations: [
          {
            name: "appGwPublicFrontendIp",
            properties: { publicIPAddress: { id: `${net}/publicIPAddresses/${HUB.publicIp}` } },
          },
        ],
        frontendPorts: [{ name: "port_80", properties: { port: 80 } }],
        backendAddressPools: [{ name: "defaultPool", properties: { backendAddresses: [] } }],
        backendHttpSettingsCollection: [
          {
            name: "defaultHttpSettings",
            properties: { port: 80, protocol: "Http", cookieBasedAffinity: "Disabled", requestTimeout: 30 },
          },
        ],
        httpListeners: [
          {
            name: "defaultListener",
            properties: {
              frontendIPConfiguration: sub_("frontendIPConfigurations", "appGwPublicFrontendIp"),
              frontendPort: sub_("frontendPorts", "port_80"),
              protocol: "Http",
            },
          },
        ],
        requestRoutingRules: [
          {
            name: "defaultRoutingRule",
            properties: {
              ruleType: "Basic",
              priority: 20000,
              httpListener: sub_("httpListeners", "defaultListener"),
              backendAddressPool: sub_("backendAddressPools", "defaultPool"),
              backendHttpSettings: sub_("backendHttpSettingsCollection", "defaultHttpSettings"),
            },
          },
        ],
      },
    },
    "2026-01-01",
  );
}
