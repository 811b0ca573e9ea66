/**
 * Issue 4 item 6 (ARCHITECTURE.md §8): the database decides races for a spoke number; automatic
 * allocation takes the lowest free number and skips blocks already used in Azure; a number is
 * free again only after a verified teardown.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployments, spokes } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { testSshPublicKey } from "@/lib/azure/testing";
import { AppError } from "@/lib/errors";
import { createSpoke, type CreatedSpoke } from "@/lib/spokes/create-spoke";
import { retryDeployment, teardownSpoke } from "@/lib/spokes/deployment-actions";
import { startHarness, type Harness } from "./testing";
import { CREATE_OK_DEPLOYMENT, deploymentLevel } from "./testing/timeline";

let h: Harness;
let sshKey: string;
let alice: Actor;
let bob: Actor;
beforeAll(async () => {
  h = await startHarness({ sim: { profile: "instant", timeScale: 0.01 }, timeScale: 0.01 });
  sshKey = await testSshPublicKey();
  [alice, bob] = [await h.newUser(), await h.newUser()];
}, 60_000);
afterAll(async () => h?.stop());

const create = (actor: Actor, input: Record<string, unknown>) =>
  createSpoke({ ctx: h.ctxFor(actor), input: { ssh_public_key: sshKey, ...input } });
const done = (c: CreatedSpoke) => h.waitForSpoke(c.id, ["completed", "rolled_back", "rollback_failed", "failed"]);
const taggedWith = (client: string) =>
  h.sim.inventory().resources.filter((r) => r.tags?.["client-name"] === client || r.name.startsWith(`${client}-`));

describe("spoke numbers", () => {
  it("two concurrent requests for the same number: one wins, the other gets a conflict and nothing is created for it", async () => {
    const results = await Promise.allSettled([
      create(alice, { spoke_id: 5, client_name: "race-a" }),
      create(bob, { spoke_id: 5, client_name: "race-b" }),
    ]);
    const won = results.filter((r): r is PromiseFulfilledResult<CreatedSpoke> => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect(lost[0]!.reason).toBeInstanceOf(AppError);
    expect(lost[0]!.reason).toMatchObject({ code: "conflict", message: "Spoke 5 already exists" });
    const winner = won[0]!.value;
    expect((await done(winner)).status).toBe("completed");

    const loser = winner.client_name === "race-a" ? "race-b" : "race-a";
    expect(await h.db.db.select().from(spokes).where(eq(spokes.clientName, loser))).toEqual([]);
    expect(await h.db.db.select().from(spokes).where(eq(spokes.spokeNumber, 5))).toHaveLength(1);
    expect(await h.db.db.select().from(deployments).where(eq(deployments.spokeId, winner.id))).toHaveLength(1);
    expect(taggedWith(loser)).toEqual([]);
    expect(taggedWith(winner.client_name).length).toBeGreaterThan(0);
    expect(deploymentLevel(await h.events(winner.id))).toEqual(CREATE_OK_DEPLOYMENT);
  }, 30_000);

  it("automatic allocation takes the lowest free number and skips a block already used in Azure", async () => {
    // A VNet made by hand, straight in "Azure", over spoke 2's block.
    await h.azure.createOrUpdateVirtualNetwork("hub-rg", "legacy-net", {
      location: "eastus",
      addressPrefixes: ["10.11.2.0/24"],
      subnets: [],
    });
    const first = await create(alice, { client_name: "auto-one" });
    expect([first.spoke_id, first.address_prefix]).toEqual([1, "10.11.1.0/24"]);
    // Concurrent automatic requests each get a distinct number (a lost insert race retries with the next).
    const [a, b] = await Promise.all([
      create(alice, { client_name: "auto-two" }),
      create(bob, { client_name: "auto-three" }),
    ]);
    expect([a.spoke_id, b.spoke_id].sort()).toEqual([3, 4]); // 2 overlaps legacy-net, 5 is taken
    const next = await create(alice, { client_name: "auto-four" });
    expect(next.spoke_id).toBe(6);
    const all = await Promise.all([first, a, b, next].map(done));
    expect(all.map((s) => s.status)).toEqual(["completed", "completed", "completed", "completed"]);
    expect(await h.azure.getVirtualNetwork("hub-rg", "spoke-vnet-2")).toBeUndefined();
  }, 30_000);

  it("a number becomes free again only after a verified teardown", async () => {
    const [one] = await h.db.db.select().from(spokes).where(eq(spokes.spokeNumber, 1));
    const denied = h.sim.addFault({
      kind: "error",
      operation: "virtualNetworks.delete",
      name: "spoke-vnet-1",
      code: "AuthorizationFailed",
      status: 403,
    });
    await teardownSpoke({ ctx: h.ctxFor(alice), input: { ref: one!.id } });
    expect((await h.waitForSpoke(one!.id, ["deleted", "delete_failed"])).status).toBe("delete_failed");

    // The teardown did not verify: 1 is still held, by number and by name.
    await expect(create(bob, { spoke_id: 1, client_name: "wants-one" })).rejects.toMatchObject({
      code: "conflict",
      message: "Spoke 1 already exists",
    });
    const meanwhile = await create(bob, { client_name: "auto-five" });
    expect(meanwhile.spoke_id).toBe(7);

    h.sim.removeFault(denied);
    await retryDeployment({ ctx: h.ctxFor(alice), input: { ref: one!.id } });
    expect((await h.waitForSpoke(one!.id, ["deleted", "delete_failed"])).status).toBe("deleted");
    const again = await create(bob, { client_name: "auto-six" });
    expect(again.spoke_id).toBe(1);
    expect((await done(again)).status).toBe("completed");
    expect((await done(meanwhile)).status).toBe("completed");

    expect(deploymentLevel(await h.events(one!.id))).toEqual([
      ...CREATE_OK_DEPLOYMENT,
      "deployment.queued",
      "deployment.started",
      "deployment.failed",
      "deployment.queued",
      "deployment.resumed",
      "deployment.succeeded",
    ]);
  }, 30_000);
});
