/**
 * Orphan sweep through the real simulator (issue 13 "Done means" 5): resources made directly in
 * Azure with our tags and no spoke, a hub peering to a deleted VNet and an unowned `<name>-pool`
 * are reported exactly; cleanup removes exactly those, verified; hub defaults and a live spoke stay.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { testSshPublicKey } from "@/lib/azure/testing";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { snapshot } from "@/lib/orchestrator/testing/sim";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { cleanupOrphansVerb, getOrphanReport, type OrphanCtx } from "./verbs";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.stop());

const ours = (n: number) => ({
  "managed-by": "hub-spoke-console",
  "spoke-id": String(n),
  "client-name": "gone",
  owner: "nobody",
  "deployment-id": "x",
});

it("reports exactly the orphans and cleans up exactly those, verified; nothing else is touched", async () => {
  const admin = await h.newUser("admin");
  const alice = await h.newUser();
  const created = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: 31, client_name: "keeper", ssh_public_key: await testSshPublicKey() },
  });
  expect((await h.waitForSpoke(created.id, ["completed", "failed", "rolled_back"])).status).toBe("completed");
  const ctx: OrphanCtx = { ...h.ctxFor(admin), enqueueGatewayReconcile: h.worker.deps.enqueueGatewayReconcile };

  // Left behind by nobody we know: a tagged VNet and NIC of spoke 88, which does not exist.
  const vnet = await h.azure.createOrUpdateVirtualNetwork("hub-rg", "spoke-vnet-88", {
    location: "eastus",
    addressPrefixes: ["10.11.88.0/24"],
    subnets: [{ name: "s", addressPrefix: "10.11.88.0/26" }],
    tags: ours(88),
  });
  await h.azure.createOrUpdateNetworkInterface("hub-rg", "spoke-vm-88-nic", {
    location: "eastus",
    subnetId: vnet.subnets[0]!.id,
    tags: ours(88),
  });
  // Made by hand, untagged: not ours, never reported.
  await h.azure.createOrUpdateVirtualNetwork("hub-rg", "handmade-vnet", {
    location: "eastus",
    addressPrefixes: ["10.50.0.0/24"],
    subnets: [],
  });
  // A hub peering whose remote VNet was deleted.
  const ghost = await h.azure.createOrUpdateVirtualNetwork("hub-rg", "ghost-vnet", {
    location: "eastus",
    addressPrefixes: ["10.60.0.0/24"],
    subnets: [],
  });
  await h.azure.createOrUpdatePeering("hub-rg", "hub-vnet", "hub-to-ghost", {
    remoteVirtualNetworkId: ghost.id,
    allowVirtualNetworkAccess: true,
  });
  await h.azure.deleteVirtualNetwork("hub-rg", "ghost-vnet");
  // A pool with our naming that no spoke owns, and a hand-made one with other naming.
  const gw = await h.azure.getApplicationGateway("hub-rg", "hub-agw");
  await h.azure.putApplicationGateway(gw!.handle, {
    ...gw!,
    backendAddressPools: [
      ...gw!.backendAddressPools,
      { name: "stray-pool", addresses: [] },
      { name: "marketing-backend", addresses: [] },
    ],
  });

  const report = await getOrphanReport({ ctx });
  expect(report.orphans.map((o) => `${o.category}:${o.name}`).sort()).toEqual([
    "gateway_entry:stray-pool",
    "hub_peering:hub-to-ghost",
    "resource:spoke-vm-88-nic",
    "resource:spoke-vnet-88",
  ]);
  // Nobody else may see it.
  await expect(
    getOrphanReport({ ctx: { ...ctx, ...h.ctxFor(alice), enqueueGatewayReconcile: ctx.enqueueGatewayReconcile } }),
  ).rejects.toMatchObject({ code: "not_found" });

  const before = snapshot(h.sim);
  // One by id: only the pool goes, through the gateway's single writer.
  const pool = report.orphans.find((o) => o.name === "stray-pool")!;
  const one = await cleanupOrphansVerb({ ctx, input: { ids: [pool.id] } });
  expect(one.verified).toBe(true);
  expect(one.items.map((i) => [i.name, i.outcome])).toEqual([["stray-pool", "removed"]]);
  const gwAfter = await h.azure.getApplicationGateway("hub-rg", "hub-agw");
  expect(gwAfter!.backendAddressPools.map((p) => p.name).sort()).toEqual([
    "defaultPool",
    "keeper-pool",
    "marketing-backend",
  ]);

  const rest = await cleanupOrphansVerb({ ctx, input: { all: true } });
  expect(rest.verified).toBe(true);
  expect(rest.items.map((i) => `${i.name}:${i.outcome}`).sort()).toEqual([
    "hub-to-ghost:removed",
    "spoke-vm-88-nic:removed",
    "spoke-vnet-88:removed",
  ]);

  // Exactly those are gone from the cloud; everything else (hub defaults, the live spoke) is as it was.
  const after = snapshot(h.sim);
  const gone = before
    .filter((r) => !after.some((a) => a.id === r.id))
    .map((r) => r.name)
    .sort();
  expect(gone).toEqual(["hub-to-ghost", "s", "spoke-vm-88-nic", "spoke-vnet-88", "stray-pool"]);
  expect(after.filter((r) => !before.some((b) => b.id === r.id))).toEqual([]);
  expect((await getOrphanReport({ ctx })).orphans).toEqual([]);
  expect(await h.azure.getVirtualMachine("hub-rg", "spoke-vm-31")).toBeDefined();

  const audit = await h.db.db.select().from(auditLog);
  expect(audit.filter((a) => a.action === "admin.orphans.cleanup").map((a) => a.outcome)).toEqual([
    "success",
    "success",
  ]);
}, 120_000);
