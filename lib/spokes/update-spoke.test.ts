/**
 * Issue 13 "Update": change detection per step through the real worker and the simulator (SDK
 * clients): a resize, an SSH key rotation and a gateway host change each run only their own step,
 * the rest end `skipped` without a request to Azure; a permanent fault never tears the spoke down.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import { testSshPublicKey } from "@/lib/azure/testing";
import type { Actor } from "@/lib/auth/actor";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { onRequest } from "@/lib/orchestrator/testing/sim";
import { UPDATE_STEP_KEYS } from "@/lib/orchestrator/workflows";
import { createSpoke } from "./create-spoke";
import { powerSpoke } from "./power-spoke";
import { updateSpoke } from "./update-spoke";
import { planSpokeUpdate } from "./update-plan";
import { retryDeployment } from "./deployment-actions";

let h: Harness;
let alice: Actor;
let spokeId: string;
const RG = "hub-rg";
const VM = "spoke-vm-5";

beforeAll(async () => {
  h = await startHarness();
  alice = await h.newUser();
  const created = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: 5, client_name: "acme-corp", ssh_public_key: await testSshPublicKey() },
  });
  spokeId = created.id;
  const spoke = await h.waitForSpoke(spokeId, ["completed", "failed", "rolled_back"]);
  expect(spoke.status).toBe("completed");
}, 120_000);
afterAll(async () => h?.stop());

const WRITES = new Set(["PUT", "PATCH", "POST", "DELETE"]);

/** Runs an update to its end and returns the Azure writes it made ("METHOD operation"). */
async function update(body: Record<string, unknown>) {
  const writes: string[] = [];
  const stop = onRequest(h.sim, (method, operation) => {
    if (WRITES.has(method)) writes.push(`${method} ${operation}`);
  });
  try {
    const result = await updateSpoke({ ctx: h.ctxFor(alice), input: { ref: spokeId, body } });
    expect(result.status).toBe("queued");
    await waitDeployment(result.deployment_id!);
    return { result, writes, steps: await h.stepsOf(result.deployment_id!) };
  } finally {
    stop();
  }
}

async function waitDeployment(id: string) {
  const started = Date.now();
  for (;;) {
    const d = (await h.deploymentsOf(spokeId)).find((x) => x.id === id);
    if (d && ["succeeded", "failed", "canceled"].includes(d.status)) return d;
    if (Date.now() - started > 60_000) throw new Error(`deployment ${id} stayed ${d?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statusOf = (steps: Map<string, { status: string }>) =>
  Object.fromEntries([...steps].map(([k, s]) => [k, s.status]));
const allSkippedBut = (...run: string[]) =>
  Object.fromEntries(UPDATE_STEP_KEYS.map((k) => [k, run.includes(k) ? "succeeded" : "skipped"]));

describe("update deployments", () => {
  it("plans a resize B2s → D2s_v3 as the VM change alone, with the downtime note, and wants a typed confirmation", async () => {
    const plan = await planSpokeUpdate({
      ctx: h.ctxFor(alice),
      input: { ref: spokeId, body: { vm_size: "Standard_D2s_v3" } },
    });
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({
      property: "properties.hardwareProfile.vmSize",
      before: "Standard_B2s",
      after: "Standard_D2s_v3",
      step: "resize_vm",
      disruptive: true,
    });
    expect(plan.changes[0]?.resource).toMatch(/virtualMachines\/spoke-vm-5$/);
    expect(plan.changes[0]?.note).toMatch(/^Downtime: the VM restarts/);
    expect(plan.steps.filter((s) => s.action === "run").map((s) => s.key)).toEqual(["resize_vm"]);
    expect(plan.confirmation).toEqual({ required: true, phrase: "acme-corp" });
    const refused = await updateSpoke({
      ctx: h.ctxFor(alice),
      input: { ref: spokeId, body: { vm_size: "Standard_D2s_v3" } },
    }).catch((e) => e);
    expect(refused).toMatchObject({
      code: "conflict",
      details: { reason: "confirmation_required", confirm: "acme-corp" },
    });
    // A size outside the hardware cluster needs a deallocate: the plan says so.
    const far = await planSpokeUpdate({
      ctx: h.ctxFor(alice),
      input: { ref: spokeId, body: { vm_size: "Standard_D2s_v5" } },
    });
    expect(far.changes[0]?.note).toMatch(/must deallocate the VM/);
  }, 30_000);

  it("resizes B2s → D2s_v3: every other step skipped, no write to VNet, NIC, peerings or gateway", async () => {
    const { writes, steps, result } = await update({ vm_size: "Standard_D2s_v3", confirm: "acme-corp" });
    expect(statusOf(steps)).toEqual(allSkippedBut("resize_vm"));
    expect(writes).toEqual(["PATCH virtualMachines.update"]);
    expect(await h.azure.getVirtualMachine(RG, VM)).toMatchObject({ vmSize: "Standard_D2s_v3", powerState: "running" });
    const events = (await h.events(spokeId)).filter((e) => e.deploymentId === result.deployment_id);
    const skipped = events.filter((e) => e.type === "step.skipped");
    expect(skipped.map((e) => e.step).sort()).toEqual(UPDATE_STEP_KEYS.filter((k) => k !== "resize_vm").sort());
    expect(skipped.every((e) => (e.data as { reason?: string }).reason === "unchanged")).toBe(true);
    expect(events.at(-1)?.type).toBe("deployment.succeeded");
    const [spoke] = await h
      .deploymentsOf(spokeId)
      .then(() => h.waitForSpoke(spokeId, ["completed"]))
      .then((s) => [s]);
    expect(spoke?.vmSize).toBe("Standard_D2s_v3");
    const audit = await h.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "spoke.update"), eq(auditLog.target, spokeId)));
    expect(audit).toHaveLength(1);
  }, 60_000);

  it("rotates the SSH key through the VM access extension and nothing else", async () => {
    const key = await testSshPublicKey();
    const { writes, steps } = await update({ ssh_public_key: key });
    expect(statusOf(steps)).toEqual(allSkippedBut("set_ssh_key"));
    expect(writes).toEqual(["PUT virtualMachineExtensions.createOrUpdate"]);
    const ext = await h.azure.getVmExtension(RG, VM, "enablevmaccess");
    expect(ext).toMatchObject({ type: "VMAccessForLinux", provisioningState: "Succeeded" });
    expect((await h.waitForSpoke(spokeId, ["completed"])).sshPublicKey).toBe(key.split(" ").slice(0, 2).join(" "));
  }, 60_000);

  it("changes the gateway host with exactly one merged gateway PUT and nothing else", async () => {
    const plan = await planSpokeUpdate({
      ctx: h.ctxFor(alice),
      input: { ref: spokeId, body: { host_name: "shop.acme.example.com" } },
    });
    expect(plan.changes).toEqual([
      expect.objectContaining({
        property: "hostName",
        before: "acme-corp.spokes.example.com",
        after: "shop.acme.example.com",
        step: "update_agw",
        disruptive: false,
      }),
    ]);
    expect(plan.confirmation.required).toBe(false);
    const { writes, steps } = await update({ host_name: "shop.acme.example.com" });
    expect(statusOf(steps)).toEqual(allSkippedBut("update_agw"));
    expect(writes).toEqual(["PUT applicationGateways.createOrUpdate"]);
    const gw = await h.azure.getApplicationGateway(RG, "hub-agw");
    expect(gw?.httpListeners.find((l) => l.name === "acme-corp-listener")?.hostNames).toEqual([
      "shop.acme.example.com",
    ]);
    expect(gw?.backendAddressPools.find((p) => p.name === "acme-corp-pool")?.addresses).toEqual([
      { ipAddress: "10.11.5.4" },
    ]);
  }, 60_000);

  it("a permanent fault during a resize fails the update without tearing the spoke down; retry completes it", async () => {
    h.sim.addFault({
      kind: "error",
      operation: "virtualMachines.update",
      name: VM,
      code: "InvalidParameter",
      status: 400,
      message: "The value of parameter vmSize is invalid.",
      times: 1,
    });
    const result = await updateSpoke({
      ctx: h.ctxFor(alice),
      input: { ref: spokeId, body: { vm_size: "Standard_D4s_v3", confirm: "acme-corp" } },
    });
    const failed = await waitDeployment(result.deployment_id!);
    expect(failed).toMatchObject({ status: "failed", errorStep: "resize_vm", errorCode: "InvalidParameter" });
    const spoke = await h.waitForSpoke(spokeId, ["completed"]);
    expect(spoke.vmSize).toBe("Standard_D2s_v3"); // still its previous configuration
    expect((await h.deploymentsOf(spokeId)).map((d) => d.kind)).not.toContain("rollback");
    expect(await h.azure.getVirtualMachine(RG, VM)).toMatchObject({ vmSize: "Standard_D2s_v3", powerState: "running" });
    expect(await h.azure.getNetworkInterface(RG, "spoke-vm-5-nic")).toBeDefined();
    const last = (await h.events(spokeId)).filter((e) => e.deploymentId === result.deployment_id).at(-1);
    expect(last).toMatchObject({ type: "deployment.failed" });
    expect(last?.message).toMatch(/Nothing was changed; the spoke keeps its previous configuration/);

    await retryDeployment({ ctx: h.ctxFor(alice), input: { ref: spokeId } });
    expect(await waitDeployment(result.deployment_id!)).toMatchObject({ status: "succeeded" });
    expect(await h.azure.getVirtualMachine(RG, VM)).toMatchObject({ vmSize: "Standard_D4s_v3", powerState: "running" });
    expect((await h.waitForSpoke(spokeId, ["completed"])).vmSize).toBe("Standard_D4s_v3");
  }, 60_000);

  it("resizes outside the hardware cluster by deallocating, resizing and starting the VM", async () => {
    const plan = await planSpokeUpdate({
      ctx: h.ctxFor(alice),
      input: { ref: spokeId, body: { vm_size: "Standard_D2s_v5" } },
    });
    expect(plan.changes[0]?.note).toMatch(
      /^Downtime: Standard_D2s_v5 is outside the VM's current hardware cluster, so Azure must deallocate the VM/,
    );
    const { writes, steps } = await update({ vm_size: "Standard_D2s_v5", confirm: "acme-corp" });
    expect(statusOf(steps)).toEqual(allSkippedBut("resize_vm"));
    expect(writes).toEqual([
      "POST virtualMachines.deallocate",
      "PATCH virtualMachines.update",
      "POST virtualMachines.start",
    ]);
    expect(steps.get("resize_vm")?.outputs).toMatchObject({
      vmSize: "Standard_D2s_v5",
      deallocated: true,
      powerState: "running",
    });
    expect(await h.azure.getVirtualMachine(RG, VM)).toMatchObject({ vmSize: "Standard_D2s_v5", powerState: "running" });
  }, 60_000);

  it("re-runs a forced step although unchanged (audited), and answers a repeated Idempotency-Key with the same deployment", async () => {
    const writes: string[] = [];
    const stop = onRequest(h.sim, (method, operation) => {
      if (WRITES.has(method)) writes.push(`${method} ${operation}`);
    });
    try {
      const first = await updateSpoke({
        ctx: h.ctxFor(alice),
        input: { ref: spokeId, body: { force: "create_peering" } },
        idempotencyKey: "force-peering-1",
      });
      const again = await updateSpoke({
        ctx: h.ctxFor(alice),
        input: { ref: spokeId, body: { force: "create_peering" } },
        idempotencyKey: "force-peering-1",
      });
      expect(again.deployment_id).toBe(first.deployment_id);
      await waitDeployment(first.deployment_id!);
      expect(statusOf(await h.stepsOf(first.deployment_id!))).toEqual(allSkippedBut("create_peering"));
      expect(writes.sort()).toEqual([
        "PUT virtualNetworkPeerings.createOrUpdate",
        "PUT virtualNetworkPeerings.createOrUpdate",
      ]);
    } finally {
      stop();
    }
    const audit = await h.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "spoke.update"), eq(auditLog.target, spokeId)));
    expect(audit.map((a) => (a.details as { force?: unknown }).force)).toContain("create_peering");
    await expect(
      updateSpoke({ ctx: h.ctxFor(alice), input: { ref: spokeId, body: { force: "create_vmm" } } }),
    ).rejects.toMatchObject({ code: "bad_request" });
    expect(await updateSpoke({ ctx: h.ctxFor(alice), input: { ref: spokeId, body: {} } })).toMatchObject({
      status: "unchanged",
      deployment_id: null,
    });
  }, 60_000);

  it("powers the VM off and on as explicit, audited actions", async () => {
    expect(
      await powerSpoke({ ctx: h.ctxFor(alice), input: { ref: spokeId, body: { action: "deallocate" } } }),
    ).toMatchObject({ action: "deallocate", power_state: "deallocated" });
    expect(
      await powerSpoke({ ctx: h.ctxFor(alice), input: { ref: spokeId, body: { action: "start" } } }),
    ).toMatchObject({ action: "start", power_state: "running" });
    const audit = await h.db.db.select().from(auditLog).where(eq(auditLog.target, spokeId));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["spoke.power.deallocate", "spoke.power.start"]));
  }, 30_000);

  it("answers 404 to another user for the update, its plan and power", async () => {
    const mallory = await h.newUser();
    const ctx = h.ctxFor(mallory);
    for (const call of [
      () => updateSpoke({ ctx, input: { ref: spokeId, body: { vm_size: "Standard_B2s", confirm: "acme-corp" } } }),
      () => planSpokeUpdate({ ctx, input: { ref: spokeId, body: { vm_size: "Standard_B2s" } } }),
      () => powerSpoke({ ctx, input: { ref: spokeId, body: { action: "stop" } } }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "not_found" });
    }
    const admin = await h.newUser("admin");
    const plan = await planSpokeUpdate({
      ctx: h.ctxFor(admin),
      input: { ref: spokeId, body: { tags: { team: "web" } } },
    });
    expect(
      plan.steps
        .filter((s) => s.action === "run")
        .map((s) => s.key)
        .sort(),
    ).toEqual(["create_nic", "create_vnet"]);
  }, 30_000);
});
