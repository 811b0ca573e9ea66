/**
 * Drift through the real simulator (SDK, PGlite or the server): the three changes of issue 13's
 * "Done means" 4 made directly in Azure, a check that reports exactly them, and their undoing.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { getSpoke } from "@/lib/spokes/get-spoke";
import { listSpokes } from "@/lib/spokes/list-spokes";
import { checkDriftNow } from "@/lib/spokes/drift-check";
import { checkSpokeDrift, loadDrift } from "./check";
import { repairSteps } from "./compare";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.stop());

const eventsOf = async (spokeId: string, type: string) =>
  (await h.eventTypes(spokeId)).filter((t) => t === type).length;

it("reports exactly the hub peering, the VM size and the routing rule changed in Azure, once; undone by hand it resolves", async () => {
  const alice = await h.newUser();
  const created = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: 21, client_name: "drifty", ssh_public_key: await testSshPublicKey() },
  });
  const spoke = await h.waitForSpoke(created.id, ["completed", "failed", "rolled_back"]);
  expect(spoke.status).toBe("completed");
  const deps = { db: h.db.db, azure: h.azure };

  const first = await checkSpokeDrift(deps, created.id);
  expect(first).toMatchObject({ status: "in_sync", differences: [] });
  expect(await eventsOf(created.id, "drift.resolved")).toBe(0);

  // Someone edits Azure by hand: the hub-side peering, the VM's size, the spoke's routing rule.
  const hubPeering = await h.azure.getPeering("hub-rg", "hub-vnet", "hub-to-spoke-21");
  await h.azure.deletePeering("hub-rg", "hub-vnet", "hub-to-spoke-21");
  await h.azure.resizeVm("hub-rg", "spoke-vm-21", "Standard_D2s_v3");
  const gw = await h.azure.getApplicationGateway("hub-rg", "hub-agw");
  const rule = gw!.requestRoutingRules.find((r) => r.name === "drifty-route")!;
  await h.azure.putApplicationGateway(gw!.handle, {
    ...gw!,
    requestRoutingRules: gw!.requestRoutingRules.filter((r) => r.name !== "drifty-route"),
  });

  const drifted = await checkSpokeDrift(deps, created.id);
  expect(drifted.status).toBe("drifted");
  expect(
    drifted.differences.map(({ resource, property, expected, actual, step }) => ({
      resource,
      property,
      expected,
      actual,
      step,
    })),
  ).toEqual([
    {
      resource: "virtualMachines/spoke-vm-21",
      property: "vmSize",
      expected: "Standard_B2s",
      actual: "Standard_D2s_v3",
      step: "create_vm",
    },
    {
      resource: "virtualNetworks/hub-vnet/virtualNetworkPeerings/hub-to-spoke-21",
      property: "exists",
      expected: true,
      actual: false,
      step: "create_peering",
    },
    {
      resource: "applicationGateways/hub-agw/requestRoutingRules/drifty-route",
      property: "exists",
      expected: true,
      actual: false,
      step: "update_agw",
    },
  ]);
  expect(repairSteps(drifted.differences)).toEqual(["resize_vm", "update_agw", "create_peering"]);
  expect(await eventsOf(created.id, "drift.detected")).toBe(1);

  // The record carries it, the list filters on it, and the on-demand check is the owner's alone.
  expect((await getSpoke({ ctx: h.ctxFor(alice), input: { ref: created.id } })).drift).toEqual(drifted);
  expect((await listSpokes({ ctx: h.ctxFor(alice), input: { drift: "drifted" } })).spokes.map((s) => s.id)).toEqual([
    created.id,
  ]);
  expect((await listSpokes({ ctx: h.ctxFor(alice), input: { drift: "in_sync" } })).spokes).toEqual([]);
  const bob = await h.newUser();
  await expect(checkDriftNow({ ctx: h.ctxFor(bob), input: { ref: created.id } })).rejects.toMatchObject({
    code: "not_found",
  });

  // The same outcome again is not news (here through the owner's on-demand check).
  expect((await checkDriftNow({ ctx: h.ctxFor(alice), input: { ref: "21" } })).repair_steps).toEqual([
    "resize_vm",
    "update_agw",
    "create_peering",
  ]);
  expect(await eventsOf(created.id, "drift.detected")).toBe(1);
  expect((await loadDrift(h.db.db, created.id)).status).toBe("drifted");

  // Undone by hand.
  // As in Azure: the Disconnected spoke side is updated first (back to Initiated), then the hub side.
  const spokeSide = await h.azure.getPeering("hub-rg", "spoke-vnet-21", "spoke-21-to-hub");
  await h.azure.createOrUpdatePeering("hub-rg", "spoke-vnet-21", "spoke-21-to-hub", {
    remoteVirtualNetworkId: spokeSide!.remoteVirtualNetworkId!,
    allowVirtualNetworkAccess: true,
    allowForwardedTraffic: true,
    allowGatewayTransit: false,
    useRemoteGateways: spokeSide!.useRemoteGateways,
  });
  await h.azure.createOrUpdatePeering("hub-rg", "hub-vnet", "hub-to-spoke-21", {
    remoteVirtualNetworkId: hubPeering!.remoteVirtualNetworkId!,
    allowVirtualNetworkAccess: true,
    allowForwardedTraffic: true,
    allowGatewayTransit: hubPeering!.allowGatewayTransit,
    useRemoteGateways: false,
  });
  await h.azure.resizeVm("hub-rg", "spoke-vm-21", "Standard_B2s");
  const gw2 = await h.azure.getApplicationGateway("hub-rg", "hub-agw");
  await h.azure.putApplicationGateway(gw2!.handle, {
    ...gw2!,
    requestRoutingRules: [...gw2!.requestRoutingRules, rule],
  });

  const resolved = await checkSpokeDrift(deps, created.id);
  expect(resolved, JSON.stringify(resolved.differences)).toMatchObject({ status: "in_sync", differences: [] });
  expect(await eventsOf(created.id, "drift.resolved")).toBe(1);
  expect(await eventsOf(created.id, "drift.detected")).toBe(1);
}, 90_000);
