/**
 * Issue 11: throttling never fails a deployment. ARM's 429 SubscriptionRequestsThrottled is waited
 * out (first by lib/azure's request budget, then by the step executor) without spending a step's
 * attempts, and a rollback never ends rollback_failed because Azure asked it to wait.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultRule } from "@/lib/arm-simulator";
import { testSshPublicKey } from "@/lib/azure/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { startHarness, type Harness } from "./testing";
import { added, snapshot } from "./testing/sim";

let h: Harness;
let sshKey: string;
beforeAll(async () => {
  // Throttling stays on (the simulator's default); Retry-After is 1 s × 0.01 = 10 ms here.
  h = await startHarness({ sim: { profile: "instant", timeScale: 0.01 }, timeScale: 0.01 });
  sshKey = await testSshPublicKey();
}, 60_000);
afterAll(async () => h?.stop());

/** More refusals in a row than the request budget re-sends (12) and the step's attempts (8) together. */
const throttled = (operation: string, name = "*"): FaultRule => ({
  kind: "error",
  operation,
  name,
  code: "SubscriptionRequestsThrottled",
  status: 429,
  times: 30,
});

describe("ARM throttling", () => {
  it("is waited out by a create step without spending its attempts", async () => {
    const n = 40;
    const alice = await h.newUser();
    h.sim.addFault(throttled("virtualNetworks.createOrUpdate", `spoke-vnet-${n}`));
    const created = await createSpoke({
      ctx: h.ctxFor(alice),
      input: { spoke_id: n, client_name: "thr-create", ssh_public_key: sshKey },
    });
    const spoke = await h.waitForSpoke(created.id, ["completed", "rolled_back", "rollback_failed", "failed"]);
    expect(spoke.status).toBe("completed");
    expect(h.sim.sim.faults.list()).toEqual([]); // all 30 refusals were served
    const [create] = await h.deploymentsOf(created.id);
    const steps = await h.stepsOf(create!.id);
    expect(steps.get("create_vnet")).toMatchObject({ status: "succeeded", attempts: 1 });
    const waits = (await h.events(created.id)).filter((e) => e.type === "step.retrying");
    expect(waits.length).toBeGreaterThanOrEqual(1);
    for (const w of waits) expect(w.data).toMatchObject({ throttled: true, nextAttempt: 1 });
  }, 60_000);

  it("never turns a rollback into rollback_failed", async () => {
    const n = 41;
    const alice = await h.newUser();
    const before = snapshot(h.sim);
    h.sim.addFault({
      kind: "error",
      operation: "virtualMachines.createOrUpdate",
      name: `spoke-vm-${n}`,
      code: "AllocationFailed",
      phase: "async",
      times: 1,
    });
    // The rollback's deletes and verify_cleanup's listing are refused again and again.
    for (const op of [
      "virtualNetworks.delete",
      "networkInterfaces.delete",
      "virtualNetworkPeerings.delete",
      "resources.listByResourceGroup",
    ])
      h.sim.addFault(throttled(op));
    const created = await createSpoke({
      ctx: h.ctxFor(alice),
      input: { spoke_id: n, client_name: "thr-rollback", ssh_public_key: sshKey },
    });
    const spoke = await h.waitForSpoke(created.id, ["completed", "rolled_back", "rollback_failed", "failed"], 120_000);
    const [, rollback] = await h.deploymentsOf(created.id);
    expect(spoke.status, `${rollback?.errorStep}: ${rollback?.errorCode} ${rollback?.errorMessage}`).toBe(
      "rolled_back",
    );
    expect(h.sim.requests().throttled).toBeGreaterThanOrEqual(60);
    h.sim.clearFaults();
    expect(added(before, snapshot(h.sim))).toEqual([]);
  }, 150_000);
});
