/**
 * Issue 13 "Done means" 4, Repair: the hub-side peering deleted, the VM resized and the spoke's
 * routing rule removed directly in the simulator (through the SDK) → the drift check shows exactly
 * those three → Repair runs an update deployment forcing only resize_vm, update_agw and
 * create_peering (every other step skipped) → the peering is back and Connected on both sides, the
 * VM on its desired size, the rule back through one gateway PUT, and drift in_sync with
 * drift.resolved. Another user: 404; in sync: nothing started.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import { testSshPublicKey } from "@/lib/azure/testing";
import type { Actor } from "@/lib/auth/actor";
import { loadDrift } from "@/lib/drift/check";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { onRequest } from "@/lib/orchestrator/testing/sim";
import { UPDATE_STEP_KEYS } from "@/lib/orchestrator/workflows";
import { createSpoke } from "./create-spoke";
import { checkDriftNow } from "./drift-check";
import { repairSpoke } from "./repair-spoke";

let h: Harness;
let alice: Actor;
let spokeId: string;
const RG = "hub-rg";
const N = 23;
const VM = `spoke-vm-${N}`;
const CLIENT = "fixit";

beforeAll(async () => {
  h = await startHarness();
  alice = await h.newUser();
  const created = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: N, client_name: CLIENT, ssh_public_key: await testSshPublicKey() },
  });
  spokeId = created.id;
  expect((await h.waitForSpoke(spokeId, ["completed", "failed", "rolled_back"])).status).toBe("completed");
}, 120_000);
afterAll(async () => h?.stop());

const count = async (type: string) => (await h.eventTypes(spokeId)).filter((t) => t === type).length;

async function waitDeployment(id: string) {
  const started = Date.now();
  for (;;) {
    const d = (await h.deploymentsOf(spokeId)).find((x) => x.id === id);
    if (d && ["succeeded", "failed", "canceled"].includes(d.status)) return d;
    if (Date.now() - started > 60_000) throw new Error(`deployment ${id} stayed ${d?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("in sync: answers in_sync and starts nothing; another user gets 404", async () => {
  const before = (await h.deploymentsOf(spokeId)).length;
  const r = await repairSpoke({ ctx: h.ctxFor(alice), input: { ref: spokeId } });
  expect(r).toMatchObject({
    status: "in_sync",
    deployment_id: null,
    steps: [],
    drift: { status: "in_sync", differences: [] },
  });
  expect((await h.deploymentsOf(spokeId)).length).toBe(before);
  const bob = await h.newUser();
  await expect(repairSpoke({ ctx: h.ctxFor(bob), input: { ref: spokeId } })).rejects.toMatchObject({
    code: "not_found",
  });
  await expect(
    repairSpoke({ ctx: h.ctxFor(bob), input: { ref: String(N), body: { nonsense: 1 } } }),
  ).rejects.toMatchObject({ code: "not_found" });
  const audit = await h.db.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "spoke.repair"), eq(auditLog.target, spokeId)));
  expect(audit.map((a) => a.details)).toEqual([expect.objectContaining({ status: "in_sync" })]);
}, 30_000);

it("repairs the deleted hub peering, the resized VM and the removed routing rule with only the steps that re-apply them", async () => {
  // Someone edits Azure by hand.
  await h.azure.deletePeering(RG, "hub-vnet", `hub-to-spoke-${N}`);
  await h.azure.resizeVm(RG, VM, "Standard_D2s_v3");
  const gw = await h.azure.getApplicationGateway(RG, "hub-agw");
  const rule = gw!.requestRoutingRules.find((r) => r.name === `${CLIENT}-route`)!;
  await h.azure.putApplicationGateway(gw!.handle, {
    ...gw!,
    requestRoutingRules: gw!.requestRoutingRules.filter((r) => r.name !== rule.name),
  });

  const checked = await checkDriftNow({ ctx: h.ctxFor(alice), input: { ref: spokeId } });
  expect(checked.drift.differences.map((d) => `${d.resource} ${d.property}`)).toEqual([
    `virtualMachines/${VM} vmSize`,
    `virtualNetworks/hub-vnet/virtualNetworkPeerings/hub-to-spoke-${N} exists`,
    `applicationGateways/hub-agw/requestRoutingRules/${CLIENT}-route exists`,
  ]);
  expect(checked.repair_steps).toEqual(["resize_vm", "update_agw", "create_peering"]);
  expect(await count("drift.detected")).toBe(1);

  // Putting the size back restarts the VM: the typed confirmation PATCH asks for.
  const refused = await repairSpoke({ ctx: h.ctxFor(alice), input: { ref: spokeId } }).catch((e: unknown) => e);
  expect(refused).toMatchObject({
    code: "conflict",
    details: { reason: "confirmation_required", confirm: CLIENT, steps: ["resize_vm", "update_agw", "create_peering"] },
  });
  const deploymentsBefore = (await h.deploymentsOf(spokeId)).length;

  const writes: string[] = [];
  const stop = onRequest(h.sim, (method, operation, path, status) => {
    if (method !== "GET") writes.push(`${method} ${operation} ${path.split("?")[0]?.split("/").pop()} ${status}`);
  });
  let result;
  try {
    result = await repairSpoke({ ctx: h.ctxFor(alice), input: { ref: spokeId, body: { confirm: CLIENT } } });
    expect(result).toMatchObject({
      status: "queued",
      kind: "update",
      steps: ["resize_vm", "update_agw", "create_peering"],
      unrepairable: [],
    });
    const d = await waitDeployment(result.deployment_id!);
    expect(d).toMatchObject({
      kind: "update",
      status: "succeeded",
      params: { force: ["resize_vm", "update_agw", "create_peering"] },
    });
    await h.waitForSpoke(spokeId, ["completed"]);
  } finally {
    stop();
  }
  expect((await h.deploymentsOf(spokeId)).length).toBe(deploymentsBefore + 1);

  // Only the forced steps ran; every other step ended skipped ("unchanged") without touching Azure.
  const steps = await h.stepsOf(result.deployment_id!);
  expect(Object.fromEntries([...steps].map(([k, s]) => [k, s.status]))).toEqual(
    Object.fromEntries(
      UPDATE_STEP_KEYS.map((k) => [
        k,
        ["resize_vm", "update_agw", "create_peering"].includes(k) ? "succeeded" : "skipped",
      ]),
    ),
  );
  // The writes: the VM's size, the two peering sides (the Disconnected spoke side first, as Azure
  // requires), one merged gateway PUT; nothing to the VNet, subnets or NIC.
  const ops = writes.map((w) => w.split(" ").slice(0, 3).join(" "));
  expect(ops.filter((w) => w.includes("applicationGateways"))).toEqual([
    "PUT applicationGateways.createOrUpdate hub-agw",
  ]);
  expect(ops.filter((w) => w.includes("virtualNetworkPeerings"))).toEqual([
    `PUT virtualNetworkPeerings.createOrUpdate spoke-${N}-to-hub`,
    `PUT virtualNetworkPeerings.createOrUpdate hub-to-spoke-${N}`,
  ]);
  expect(
    writes.every((w) => !/ (4|5)\d\d$/.test(w)),
    writes.join("\n"),
  ).toBe(true);
  expect(ops.some((w) => /virtualNetworks\.createOrUpdate|subnets\.|networkInterfaces\./.test(w))).toBe(false);
  expect(ops.filter((w) => w.startsWith("PATCH virtualMachines.update"))).toHaveLength(1);

  // Azure holds the desired state again.
  expect(await h.azure.getVirtualMachine(RG, VM)).toMatchObject({ vmSize: "Standard_B2s", powerState: "running" });
  for (const [vnet, name] of [
    ["hub-vnet", `hub-to-spoke-${N}`],
    [`spoke-vnet-${N}`, `spoke-${N}-to-hub`],
  ] as const) {
    expect(await h.azure.getPeering(RG, vnet, name)).toMatchObject({
      peeringState: "Connected",
      peeringSyncLevel: "FullyInSync",
    });
  }
  const after = await h.azure.getApplicationGateway(RG, "hub-agw");
  expect(after?.requestRoutingRules.find((r) => r.name === rule.name)).toMatchObject({ priority: rule.priority });

  // The finish of the update re-checks drift (in the worker, right after the deployment's end is
  // committed): in sync, and drift.resolved emitted once.
  await expect
    .poll(
      async () =>
        JSON.stringify(
          await loadDrift(h.db.db, spokeId).then((d) => ({ status: d.status, differences: d.differences })),
        ),
      { timeout: 15_000 },
    )
    .toBe(JSON.stringify({ status: "in_sync", differences: [] }));
  expect(await count("drift.resolved")).toBe(1);
  const audit = await h.db.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "spoke.repair"), eq(auditLog.target, spokeId)));
  expect(audit.map((a) => a.details)).toContainEqual(
    expect.objectContaining({
      deployment_id: result.deployment_id,
      steps: ["resize_vm", "update_agw", "create_peering"],
      differences: 3,
      confirmed: true,
    }),
  );

  // In sync again: a second Repair starts nothing.
  const again = await repairSpoke({ ctx: h.ctxFor(alice), input: { ref: spokeId } });
  expect(again).toMatchObject({ status: "in_sync", deployment_id: null });
  expect((await h.deploymentsOf(spokeId)).length).toBe(deploymentsBefore + 1);
}, 90_000);
