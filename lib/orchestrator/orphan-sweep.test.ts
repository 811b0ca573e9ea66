/**
 * Regression (npm run chaos, crash anywhere): a deployment job killed on its LAST engine attempt is
 * failed by pg-boss's supervisor with no handler left to record it. The deployment stayed
 * "running" with no job until some process started again (the sweep ran only at start-up), so
 * after the final kill of a chaos run such spokes stayed in_progress for good.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deployments } from "@/db/schema";
import { testSshPublicKey } from "@/lib/azure/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { startHarness, type Harness } from "./testing";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.stop());

it("a running deployment whose job is gone is resumed by the live worker, without a restart", async () => {
  const alice = await h.newUser();
  // No job is queued for it: the state a process killed on its final attempt leaves behind.
  const ctx = { ...h.ctxFor(alice), enqueueDeployment: async () => {} };
  const created = await createSpoke({
    ctx,
    input: { spoke_id: 7, client_name: "orphan", ssh_public_key: await testSshPublicKey() },
  });
  await h.db.db
    .update(deployments)
    .set({ status: "running", attempt: 6, leaseOwner: "worker-that-died", startedAt: new Date() })
    .where(eq(deployments.id, created.deployment_id));
  expect(await h.worker.queue.hasLiveJob(created.deployment_id)).toBe(false);

  // The harness's queue detects dead jobs in 10 + 2 s; the periodic sweep runs at that pace.
  const spoke = await h.waitForSpoke(created.id, ["completed", "failed", "rolled_back", "rollback_failed"], 45_000);
  expect(spoke.status).toBe("completed");
  const [d] = await h.db.db.select().from(deployments).where(eq(deployments.id, created.deployment_id));
  expect(d?.status).toBe("succeeded");
}, 60_000);
