import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { fromPglite, PgBoss } from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/rows";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { env } from "@/lib/env";
import {
  DEPLOYMENTS_QUEUE,
  startQueue,
  type DeploymentJobContext,
  type DeploymentQueue,
  type QueueHandlers,
  type QueueOptions,
} from "./queue";

let t: TestDb;
const running: DeploymentQueue[] = [];
beforeAll(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((q) => q.stop({ graceful: false })));
  // Each test starts from an empty queue: a job one test left in retry must not run in the next.
  await t.db.execute(sql`delete from pgboss.job`);
});
afterAll(async () => t?.destroy());

const FAST: QueueOptions = { retryDelaySeconds: 1, heartbeatSeconds: 10, superviseIntervalSeconds: 1 };

async function start(opts: QueueOptions = {}) {
  const q = await startQueue(t, { ...FAST, ...opts });
  running.push(q);
  return q;
}

const idle: QueueHandlers = { deployment: async () => {}, gatewayReconcile: async () => {} };

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(20);
  }
}

async function jobStates(): Promise<string[]> {
  const r = await t.db.execute(sql`select state::text as state from pgboss.job where name = ${DEPLOYMENTS_QUEUE}`);
  return rows<{ state: string }>(r).map((x) => x.state);
}

const job = (spokeId = randomUUID()) => ({ deploymentId: randomUUID(), spokeId });

describe(`deployment queue on ${env().DATABASE_URL ? "Postgres" : "PGlite"}`, () => {
  it("runs an enqueued deployment within about a second and reports it live until done", async () => {
    const q = await start();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: DeploymentJobContext[] = [];
    await q.work({
      ...idle,
      deployment: async (j) => {
        seen.push(j);
        await gate;
      },
    });
    const j = job();
    const sentAt = Date.now();
    await q.enqueueDeployment(j);
    await until(() => seen.length === 1, 3_000);
    expect(Date.now() - sentAt).toBeLessThan(1_500);
    expect(seen[0]).toMatchObject({ ...j, attempt: 0, isFinalAttempt: false });
    expect(await q.hasLiveJob(j.deploymentId)).toBe(true);
    expect(await q.liveDeploymentIds()).toContain(j.deploymentId);
    release();
    await until(async () => !(await q.hasLiveJob(j.deploymentId)));
    expect(await q.liveDeploymentIds()).not.toContain(j.deploymentId);
  });

  it("runs one job per spoke at a time while other spokes run alongside", async () => {
    const q = await start();
    const spoke = randomUUID();
    const active = new Map<string, number>();
    let maxPerSpoke = 0;
    let maxOverall = 0;
    const done: string[] = [];
    await q.work({
      ...idle,
      deployment: async (j) => {
        active.set(j.spokeId, (active.get(j.spokeId) ?? 0) + 1);
        maxPerSpoke = Math.max(maxPerSpoke, ...active.values());
        maxOverall = Math.max(
          maxOverall,
          [...active.values()].reduce((a, b) => a + b, 0),
        );
        await sleep(400);
        active.set(j.spokeId, (active.get(j.spokeId) ?? 1) - 1);
        done.push(j.deploymentId);
      },
    });
    const same = [job(spoke), job(spoke), job(spoke)];
    const others = [job(), job()];
    for (const j of [...same, ...others]) await q.enqueueDeployment(j);
    await until(() => done.length === 5, 10_000);
    expect(maxPerSpoke).toBe(1);
    expect(maxOverall).toBeGreaterThan(1);
    // No order among queued jobs of one spoke is asserted: pg-boss's singleton policy does not
    // promise one, and the product never queues two at once (verbs refuse while one is queued or
    // running; a rollback is queued only while its create is the active job).
    expect([...done].sort()).toEqual([...same, ...others].map((j) => j.deploymentId).sort());
  });

  it("keeps at most one queued and one active gateway reconcile per hub", async () => {
    const q = await start();
    const hub = `hub-${randomUUID()}`;
    expect(await q.enqueueGatewayReconcile(hub)).toBeTruthy();
    expect(await q.enqueueGatewayReconcile(hub)).toBeNull();
    expect(await q.enqueueGatewayReconcile(`${hub}-other`)).toBeTruthy();
    const runs: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await q.work({
      ...idle,
      gatewayReconcile: async (j) => {
        runs.push(j.hub);
        if (j.hub === hub) await gate;
      },
    });
    await until(() => runs.includes(hub));
    // One is active: the next send queues a follow-up, the one after merges into it.
    expect(await q.enqueueGatewayReconcile(hub)).toBeTruthy();
    expect(await q.enqueueGatewayReconcile(hub)).toBeNull();
    await sleep(300);
    expect(runs.filter((h) => h === hub)).toHaveLength(1);
    release();
    await until(() => runs.filter((h) => h === hub).length === 2);
    await sleep(300);
    expect(runs.sort()).toEqual([hub, hub, `${hub}-other`].sort());
  });

  it("retries a handler that throws, and marks the last attempt so the failure can be recorded", async () => {
    const q = await start({ retryLimit: 2 });
    const attempts: [number, boolean][] = [];
    await q.work({
      ...idle,
      deployment: async (j) => {
        attempts.push([j.attempt, j.isFinalAttempt]);
        throw new Error("boom");
      },
    });
    const j = job();
    await q.enqueueDeployment(j);
    await until(() => attempts.length === 3, 15_000);
    expect(attempts).toEqual([
      [0, false],
      [1, false],
      [2, true],
    ]);
    await until(async () => !(await q.hasLiveJob(j.deploymentId)));
    expect(await jobStates()).toContain("failed");
  });

  it("stop() aborts running handlers, hands their jobs back for retry and runs nothing more", async () => {
    const q = await start();
    let calls = 0;
    let aborted = false;
    await q.work({
      ...idle,
      deployment: (j) =>
        new Promise<void>((resolve) => {
          calls++;
          j.signal.addEventListener("abort", () => {
            aborted = true;
            resolve();
          });
        }),
    });
    await q.enqueueDeployment(job());
    await until(() => calls === 1);
    await q.stop({ graceful: false });
    expect(aborted).toBe(true);
    expect(await jobStates()).not.toContain("active");
    await sleep(1_500);
    expect(calls).toBe(1);
  });

  it("retries a job whose worker died once its heartbeat goes stale", { timeout: 45_000 }, async () => {
    const q = await start();
    const j = job();
    await q.enqueueDeployment(j);
    // A second engine claims the job and then never heartbeats nor settles it: a killed process.
    const dead = new PgBoss(
      t.pglite
        ? { db: fromPglite(t.pglite), backend: "pglite", supervise: false, migrate: false }
        : { connectionString: t.connectionString, supervise: false, migrate: false, max: 1 },
    );
    dead.on("error", () => {});
    await dead.start();
    try {
      const [claimed] = await dead.fetch(DEPLOYMENTS_QUEUE);
      expect(claimed?.data).toEqual(j);
      const seen: number[] = [];
      await q.work({ ...idle, deployment: async (x) => void seen.push(x.attempt) });
      // Bound: heartbeatSeconds (10) + supervise interval (1) + retry delay (1), plus polling.
      await until(() => seen.length === 1, 25_000);
      expect(seen).toEqual([1]);
    } finally {
      await dead.stop({ graceful: false, close: !t.pglite });
    }
  });
});
