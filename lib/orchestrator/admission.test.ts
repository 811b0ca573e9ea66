/**
 * Admission (README "ARM throttling and the request budget"): at most N deployments work against
 * the subscription at once, counted in the database; more creates wait, visibly and in order, and
 * finishing work (teardown) is never held back. Real queue, worker and SDK against the simulator.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployments } from "@/db/schema";
import { ARM_BUCKETS } from "@/lib/azure/budget";
import { testSshPublicKey } from "@/lib/azure/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { teardownSpoke } from "@/lib/spokes/deployment-actions";
import { getSpoke } from "@/lib/spokes/get-spoke";
import { listSpokes } from "@/lib/spokes/list-spokes";
import { admissionCapacity, CREATE_COST } from "./admission";
import { startHarness, type Harness } from "./testing";
import { startWorker, type Worker } from "./worker";

describe("admissionCapacity", () => {
  it("follows the tightest bucket: ARM's reads carry 54 creates of 50 reads over 100 s", () => {
    expect(admissionCapacity()).toBe(Math.floor((250 * 0.9 + 25 * 100) / 50));
    expect(admissionCapacity(CREATE_COST, ARM_BUCKETS)).toBe(54);
  });
  it("a write-heavy create is limited by the write bucket, never below one", () => {
    expect(admissionCapacity({ reads: 10, writes: 100, seconds: 100 })).toBe(Math.floor((200 * 0.9 + 10 * 100) / 100));
    expect(admissionCapacity({ reads: 1e6, writes: 1e6, seconds: 1 })).toBe(1);
  });
});

const LIMIT = 2;
let h: Harness;
let second: Worker;
let sshKey: string;
beforeAll(async () => {
  h = await startHarness({ admissionLimit: LIMIT });
  // A second worker on the same database, as a second app instance: the limit is database-wide.
  second = await startWorker({
    handle: h.db,
    azure: h.azure,
    enableRollback: true,
    timeScale: 0.001,
    pollIntervalMs: 5,
    concurrency: 10,
    admissionLimit: LIMIT,
    admissionPollMs: 20,
    workerId: "second-instance",
  });
  sshKey = await testSshPublicKey();
}, 60_000);
afterAll(async () => {
  await second?.stop({ graceful: false, timeoutMs: 2_000 }).catch(() => {});
  await h?.stop();
});

/** Samples the database's count of running deployments until stopped; returns the maximum seen. */
function watchRunning() {
  let max = 0;
  let on = true;
  const loop = (async () => {
    while (on) {
      const [row] = await h.db.db.select({ n: count() }).from(deployments).where(eq(deployments.status, "running"));
      max = Math.max(max, row?.n ?? 0);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return async () => {
    on = false;
    await loop;
    return max;
  };
}

describe(`admission with a limit of ${LIMIT}, two instances on one database`, () => {
  it("six creates at once: never more than two running, the rest wait in order and all complete", async () => {
    // Each VM create is held 600 ms so the first two are still running when the others arrive.
    h.sim.addFault({ kind: "latency", operation: "virtualMachines.createOrUpdate", latencyMs: 600, times: 6 });
    const alice = await h.newUser();
    const stopWatch = watchRunning();
    const created = await Promise.all(
      [31, 32, 33, 34, 35, 36].map((n) =>
        createSpoke({ ctx: h.ctxFor(alice), input: { spoke_id: n, client_name: `adm-${n}`, ssh_public_key: sshKey } }),
      ),
    );

    // Wait until four are waiting, then read the state through the verbs the API serves.
    let views: Awaited<ReturnType<typeof getSpoke>>[] = [];
    for (let i = 0; i < 400; i++) {
      views = await Promise.all(created.map((c) => getSpoke({ ctx: h.ctxFor(alice), input: { ref: c.id } })));
      if (views.filter((v) => v.queue).length === 4) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const waiting = views.filter((v) => v.queue);
    expect(waiting.map((v) => v.queue?.state)).toEqual(Array(4).fill("waiting_for_capacity"));
    expect(waiting.map((v) => v.queue?.position).sort()).toEqual([1, 2, 3, 4]);
    expect(
      waiting.every((v) => v.deployment?.status === "queued" && v.deployment.queue?.position === v.queue?.position),
    ).toBe(true);
    const list = await listSpokes({ ctx: h.ctxFor(alice), input: {} });
    const listed = new Map(list.spokes.map((s) => [s.id, s.queue?.position ?? null]));
    for (const v of waiting) expect(listed.get(v.id)).toBe(v.queue?.position);

    const final = await Promise.all(
      created.map((c) => h.waitForSpoke(c.id, ["completed", "rolled_back", "rollback_failed", "failed"], 60_000)),
    );
    expect(await stopWatch()).toBeLessThanOrEqual(LIMIT);
    expect(final.map((s) => s.status)).toEqual(Array(6).fill("completed"));

    // A waiter's events: queued, then one "waiting" with its position, then started.
    for (const v of waiting) {
      const types = (await h.events(v.id)).filter((e) => e.type.startsWith("deployment.")).map((e) => e.type);
      expect(types.slice(0, 3)).toEqual(["deployment.queued", "deployment.waiting", "deployment.started"]);
      const [ev] = (await h.events(v.id)).filter((e) => e.type === "deployment.waiting");
      expect(ev?.data).toMatchObject({ kind: "create", capacity: LIMIT });
      expect(ev?.message).toMatch(/^Waiting for Azure capacity/);
    }
    const after = await getSpoke({ ctx: h.ctxFor(alice), input: { ref: created[5]!.id } });
    expect(after.queue).toBeNull();
  }, 90_000);

  it("a teardown is admitted while creates fill every slot", async () => {
    const alice = await h.newUser();
    const done = await createSpoke({
      ctx: h.ctxFor(alice),
      input: { spoke_id: 40, client_name: "adm-40", ssh_public_key: sshKey },
    });
    await h.waitForSpoke(done.id, ["completed"], 30_000);
    h.sim.addFault({ kind: "latency", operation: "virtualMachines.createOrUpdate", latencyMs: 1_500, times: 3 });
    const busy = await Promise.all(
      [41, 42, 43].map((n) =>
        createSpoke({ ctx: h.ctxFor(alice), input: { spoke_id: n, client_name: `adm-${n}`, ssh_public_key: sshKey } }),
      ),
    );
    // Both slots taken and one of the three creates waiting (which one depends on the job order): capacity is full.
    const queueOf = async (id: string) => (await getSpoke({ ctx: h.ctxFor(alice), input: { ref: id } })).queue;
    let waiter: string | undefined;
    for (let i = 0; i < 400 && !waiter; i++) {
      for (const b of busy) if ((await queueOf(b.id))?.state === "waiting_for_capacity") waiter = b.id;
      if (!waiter) await new Promise((r) => setTimeout(r, 20));
    }
    expect(waiter, "one create waits for capacity").toBeDefined();
    await teardownSpoke({ ctx: h.ctxFor(alice), input: { ref: done.id } });
    const gone = await h.waitForSpoke(done.id, ["deleted", "delete_failed"], 30_000);
    expect(gone.status).toBe("deleted");
    // It finished while the waiting create was still held back.
    const third = (await h.deploymentsOf(waiter!))[0];
    const teardown = (await h.deploymentsOf(done.id)).at(-1);
    expect(teardown?.kind).toBe("teardown");
    const teardownStart = teardown?.startedAt?.getTime() ?? Infinity;
    expect(third?.startedAt ? third.startedAt.getTime() > teardownStart : teardownStart < Infinity).toBe(true);
    await Promise.all(busy.map((c) => h.waitForSpoke(c.id, ["completed"], 60_000)));
  }, 90_000);
});
