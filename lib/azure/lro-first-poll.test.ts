/**
 * The first poll of a long-running operation waits for the fast end of its usual duration
 * (lro-first-poll.ts): checked on the mapping, and through @azure/arm-network against the
 * simulator's realistic profile, where the poll times are read from its request log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstPollAzureMs } from "./lro-first-poll";
import { startSimulatedAzure } from "./testing";

const sub = "https://management.azure.com/subscriptions/s/resourceGroups/rg/providers";

describe("firstPollAzureMs", () => {
  it.each([
    ["PUT", "Microsoft.Network/virtualNetworks/spoke-vnet-1", 7_000],
    ["PUT", "Microsoft.Network/virtualNetworks/hub-vnet/virtualNetworkPeerings/hub-to-spoke-1", 5_000],
    ["PUT", "Microsoft.Network/virtualNetworks/spoke-vnet-1/subnets/vm", 2_000],
    ["PUT", "Microsoft.Network/networkInterfaces/spoke-vm-1-nic", 6_000],
    ["PUT", "Microsoft.Compute/virtualMachines/spoke-vm-1", 45_000],
    ["DELETE", "Microsoft.Compute/virtualMachines/spoke-vm-1", 60_000],
    ["PUT", "Microsoft.Network/applicationGateways/hub-agw", 10_000],
    // Not a create: a VM extension, a power action, a PATCH resize follow the hint alone.
    ["PUT", "Microsoft.Compute/virtualMachines/spoke-vm-1/extensions/VMAccessForLinux", 0],
    ["POST", "Microsoft.Compute/virtualMachines/spoke-vm-1/restart", 0],
    ["PATCH", "Microsoft.Compute/virtualMachines/spoke-vm-1", 0],
  ])("%s %s → %i ms", (method, path, ms) => {
    expect(firstPollAzureMs({ method, url: `${sub}/${path}?api-version=2026-01-01` })).toBe(ms);
  });
});

describe("through the SDK against the realistic profile", () => {
  const scale = 0.02; // a 10 s VNet create takes 200 ms, the 3 s hint 60 ms
  let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
  beforeAll(async () => {
    env = await startSimulatedAzure({ profile: "realistic", timeScale: scale, seed: 7 });
  });
  afterAll(async () => {
    await env.stop();
  });

  it("polls a VNet create first after 7 Azure seconds, not at the 3 s hint", async () => {
    const before = env.sim.requests().recent.length;
    await env.gateway.createOrUpdateVirtualNetwork("hub-rg", "spoke-vnet-9", {
      location: "eastus",
      addressPrefixes: ["10.11.9.0/24"],
      subnets: [{ name: "vm", addressPrefix: "10.11.9.0/26" }],
    });
    const log = env.sim.requests().recent.slice(before);
    const put = log.find((r) => r.method === "PUT" && r.path.includes("/virtualNetworks/spoke-vnet-9"));
    const polls = log.filter((r) => r.method === "GET" && r.operation.startsWith("operations."));
    expect(put).toBeDefined();
    expect(polls.length).toBeGreaterThan(0);
    const firstAfterMs = Date.parse(polls[0]!.at) - Date.parse(put!.at);
    expect(firstAfterMs).toBeGreaterThanOrEqual(7_000 * scale - 5);
    // At the hint from the start a ~10 s create is polled at 3, 6, 9 and its end: four polls.
    expect(polls.length).toBeLessThanOrEqual(3);
  });
});
