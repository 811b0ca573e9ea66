/**
 * Issue 4 items 2 (compensation failing) and 3: teardown removes both peering sides and proves
 * it; verify_cleanup force-deletes leftovers with backoff and reports them; a compensation that
 * fails for good ends `rollback_failed` with what remains listed on the deployment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import { spokeTags } from "@/lib/network/resource-names";
import type { Actor } from "@/lib/auth/actor";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { retryDeployment, teardownSpoke } from "@/lib/spokes/deployment-actions";
import type { CleanupReportData } from "@/lib/ledger/events";
import { startHarness, type Harness } from "./testing";
import { added, requestsMatching, snapshot } from "./testing/sim";
import {
  CREATE_OK_DEPLOYMENT,
  deploymentLevel,
  expectedCreateSteps,
  expectedTeardownSteps,
  perStep,
} from "./testing/timeline";

const SCALE = 0.01;
let h: Harness;
let sshKey: string;
let alice: Actor;
beforeAll(async () => {
  h = await startHarness({ sim: { profile: "instant", timeScale: SCALE }, timeScale: SCALE });
  sshKey = await testSshPublicKey();
  alice = await h.newUser();
}, 60_000);
afterAll(async () => h?.stop());

async function completedSpoke(n: number) {
  const created = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: n, client_name: `td-${n}`, ssh_public_key: sshKey },
  });
  expect((await h.waitForSpoke(created.id, ["completed", "rolled_back", "rollback_failed"])).status).toBe("completed");
  return created;
}

const TEARDOWN_OK = [...CREATE_OK_DEPLOYMENT, "deployment.queued", "deployment.started", "deployment.succeeded"];
type RemainingReport = { outcome: string; remaining: { name: string }[] };

describe("teardown", () => {
  it("removes both peering sides and every resource, verified, then releases the number", async () => {
    const before = snapshot(h.sim);
    const created = await completedSpoke(41);
    await teardownSpoke({ ctx: h.ctxFor(alice), input: { ref: created.id } });
    const spoke = await h.waitForSpoke(created.id, ["deleted", "delete_failed"]);
    expect(spoke.status).toBe("deleted");
    expect(spoke.deletedAt).not.toBeNull();
    expect(await h.azure.getPeering("hub-rg", "hub-vnet", "hub-to-spoke-41")).toBeUndefined();
    expect(snapshot(h.sim)).toEqual(before); // the hub's peerings and gateway entries included

    const [, teardown] = await h.deploymentsOf(created.id);
    expect((teardown?.cleanupReport as CleanupReportData).outcome).toBe("verified");
    const peerings = (await h.stepsOf(teardown!.id)).get("delete_peerings")?.outputs;
    expect(peerings).toEqual({ hubSide: "deleted", spokeSide: "deleted" });
    const events = await h.events(created.id);
    expect(deploymentLevel(events)).toEqual(TEARDOWN_OK);
    expect(perStep(events, teardown!.id)).toEqual(expectedTeardownSteps());
  }, 30_000);

  it("force-deletes a tagged leftover with backoff and stores the cleanup report", async () => {
    const before = snapshot(h.sim);
    const created = await completedSpoke(42);
    // Made outside the workflow but tagged as the spoke's: only verify_cleanup's tag listing finds it.
    const [create] = await h.deploymentsOf(created.id);
    const tags = spokeTags({ spokeNumber: 42, clientName: "td-42", ownerId: alice.id, deploymentId: create!.id });
    await h.azure.createOrUpdateVirtualNetwork("hub-rg", "spoke-42-scratch", {
      location: "eastus",
      addressPrefixes: ["10.42.0.0/24"],
      subnets: [],
      tags,
    });
    h.sim.resetRequests();
    h.sim.addFault({
      kind: "error",
      operation: "virtualNetworks.delete",
      name: "spoke-42-scratch",
      code: "AnotherOperationInProgress",
      status: 409,
      times: 2,
    });
    await teardownSpoke({ ctx: h.ctxFor(alice), input: { ref: created.id } });
    expect((await h.waitForSpoke(created.id, ["deleted", "delete_failed"])).status).toBe("deleted");
    expect(snapshot(h.sim)).toEqual(before);

    const [, teardown] = await h.deploymentsOf(created.id);
    const report = teardown?.cleanupReport as CleanupReportData;
    expect(report.outcome).toBe("force_deletion_complete");
    expect(report.resources).toEqual([
      expect.objectContaining({
        type: "Microsoft.Network/virtualNetworks",
        attempts: 3,
        error: null,
        deletedAt: expect.any(String),
      }),
    ]);
    expect(report.resources[0]?.id.toLowerCase()).toMatch(/\/virtualnetworks\/spoke-42-scratch$/);
    // Backoff 1 s, then 2 s (time-scaled) between the three DELETEs.
    const at = requestsMatching(h.sim, {
      method: "DELETE",
      operation: "virtualNetworks.delete",
      name: "spoke-42-scratch",
    }).map((r) => Date.parse(r.at));
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1000 * SCALE - 1);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(2000 * SCALE - 1);
    expect(perStep(await h.events(created.id), teardown!.id)).toEqual(expectedTeardownSteps());
  }, 30_000);

  it("fails verification when a tagged resource cannot be deleted, lists it, and keeps the number", async () => {
    const created = await completedSpoke(43);
    const [create] = await h.deploymentsOf(created.id);
    const tags = spokeTags({ spokeNumber: 43, clientName: "td-43", ownerId: alice.id, deploymentId: create!.id });
    await h.azure.createOrUpdatePublicIpAddress("hub-rg", "spoke-43-pip", {
      location: "eastus",
      sku: "Standard",
      tags,
    });
    await teardownSpoke({ ctx: h.ctxFor(alice), input: { ref: created.id } });
    const spoke = await h.waitForSpoke(created.id, ["deleted", "delete_failed"]);
    expect(spoke.status).toBe("delete_failed");
    expect(spoke.deletedAt).toBeNull(); // release_address never ran: 43 stays taken

    const [, teardown] = await h.deploymentsOf(created.id);
    expect({ status: teardown?.status, step: teardown?.errorStep, code: teardown?.errorCode }).toEqual({
      status: "failed",
      step: "verify_cleanup",
      code: "CleanupIncomplete",
    });
    const report = teardown?.cleanupReport as CleanupReportData;
    expect(report.outcome).toBe("verification_failed");
    expect(report.resources).toEqual([
      expect.objectContaining({
        type: "Microsoft.Network/publicIPAddresses",
        deletedAt: null,
        error: expect.stringMatching(/remove it by hand/),
      }),
    ]);
    const events = await h.events(created.id);
    expect(deploymentLevel(events)).toEqual([
      ...CREATE_OK_DEPLOYMENT,
      "deployment.queued",
      "deployment.started",
      "deployment.failed",
    ]);
    const { release_address: _never, ...ran } = expectedTeardownSteps({
      verify_cleanup: ["step.started", "cleanup.report", "step.failed"],
    });
    expect(perStep(events, teardown!.id)).toEqual(ran);
  }, 30_000);
});

describe("a compensation that fails for good", () => {
  it("ends rollback_failed with the remaining resources listed, and a retry finishes the rollback", async () => {
    const n = 44;
    const before = snapshot(h.sim);
    h.sim.addFault({
      kind: "error",
      operation: "virtualMachines.createOrUpdate",
      name: `spoke-vm-${n}`,
      code: "InvalidParameter",
      status: 400,
      times: 1,
    });
    const vnetDeleteDenied = h.sim.addFault({
      kind: "error",
      operation: "virtualNetworks.delete",
      name: `spoke-vnet-${n}`,
      code: "AuthorizationFailed",
      status: 403,
    });
    const created = await createSpoke({
      ctx: h.ctxFor(alice),
      input: { spoke_id: n, client_name: `td-${n}`, ssh_public_key: sshKey },
    });
    const spoke = await h.waitForSpoke(created.id, ["completed", "rolled_back", "rollback_failed"]);
    expect(spoke.status).toBe("rollback_failed");

    const [create, rollback] = await h.deploymentsOf(created.id);
    expect({
      status: rollback?.status,
      step: rollback?.errorStep,
      code: rollback?.errorCode,
      class: rollback?.errorClass,
    }).toEqual({ status: "failed", step: "delete_vnet", code: "AuthorizationFailed", class: "permanent" });
    // What remains, as listed on the deployment, is exactly what is left in the simulator.
    const report = rollback?.cleanupReport as RemainingReport;
    expect(report.outcome).toBe("verification_failed");
    expect(report.remaining.map((r) => r.name)).toEqual([`spoke-vnet-${n}`]);
    expect(added(before, snapshot(h.sim))).toEqual([
      ...["db", "kv", "vm", "workspace"].map((s) => `subnets:spoke-${n}-${s}-subnet`),
      `virtualNetworks:spoke-vnet-${n}`,
    ]);
    const events = await h.events(created.id);
    const failedEvent = events.find((e) => e.type === "deployment.rollback_failed");
    expect((failedEvent?.data as { remaining: { name: string }[] }).remaining.map((r) => r.name)).toEqual([
      `spoke-vnet-${n}`,
    ]);
    expect(deploymentLevel(events)).toEqual([
      "deployment.queued",
      "deployment.started",
      "deployment.failed",
      "deployment.queued",
      "deployment.rolling_back",
      "deployment.started",
      "deployment.rollback_failed",
    ]);
    expect(perStep(events, create!.id)).toEqual(expectedCreateSteps("create_vm"));
    const {
      verify_cleanup: _v,
      release_address: _r,
      ...ran
    } = expectedTeardownSteps({ delete_vnet: ["step.started", "step.failed"] });
    expect(perStep(events, rollback!.id)).toEqual(ran);

    // Once Azure lets go, "Retry" resumes the rollback at the failed step; the rest is not re-run.
    h.sim.removeFault(vnetDeleteDenied);
    await retryDeployment({ ctx: h.ctxFor(alice), input: { ref: created.id } });
    expect((await h.waitForSpoke(created.id, ["rolled_back", "rollback_failed"])).status).toBe("rolled_back");
    expect(snapshot(h.sim)).toEqual(before);
    const after = await h.events(created.id);
    expect(deploymentLevel(after.slice(events.length))).toEqual([
      "deployment.queued",
      "deployment.resumed",
      "deployment.rolled_back",
    ]);
    expect(perStep(after.slice(events.length), rollback!.id)).toEqual({
      delete_vnet: ["step.started", "step.succeeded"],
      verify_cleanup: ["step.started", "cleanup.report", "step.succeeded"],
      release_address: ["step.started", "step.succeeded"],
    });
  }, 30_000);
});
