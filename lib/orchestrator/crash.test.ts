/**
 * Issue 4 item 4: the process running a deployment is SIGKILLed in the middle of a step (a real
 * child process, not a thrown exception); another process resumes it; steps that had succeeded
 * are not re-run; the spoke completes with no duplicate resource.
 *
 * Needs the real Postgres server (PGlite cannot be shared by processes): DATABASE_URL, else the
 * local server. "The cloud" is a simulator in this test process, so it outlives the killed worker.
 *
 * Resume bound: the dead worker's job stays `active` until its heartbeat is stale, so the start-up
 * sweep of the new process leaves it alone; pg-boss's supervisor then fails it and it is retried.
 * With heartbeatSeconds 10 (pg-boss's minimum), superviseIntervalSeconds 1 and retryDelay 1 s the
 * resume comes at most ≈ 10 + 1 + 1 s (+ backoff jitter) after the kill; asserted ≤ 20 s.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { startSimulatedAzure, testSshPublicKey } from "@/lib/azure/testing";
import type { ArmSimulator } from "@/lib/arm-simulator";
import type { AzureGateway } from "@/lib/azure/types";
import { env, hubConfig, parseEnv } from "@/lib/env";
import { createSpoke } from "@/lib/spokes/create-spoke";
import type { SpokeCtx } from "@/lib/spokes/context";
import type { CrashWorkerArgs } from "./testing/crash-worker";
import { added, onRequest, snapshot, spokeFootprint } from "./testing/sim";
import { perStep } from "./testing/timeline";
import { startWorker, type Worker } from "./worker";

const SERVER = env().DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const QUEUE = { heartbeatSeconds: 10, superviseIntervalSeconds: 1, retryDelaySeconds: 1 };
const SCALE = 0.03;

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}
const serverUp = await reachable(SERVER);

let db: TestDb;
let sim: ArmSimulator;
let azure: AzureGateway;
let enqueuer: Worker;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!serverUp) return;
  db = await createTestDb({ serverUrl: SERVER });
  // Realistic latencies at 3 %: the VM create (~60 s) lasts ~2 s, long enough to kill the worker inside it.
  ({ sim, gateway: azure } = await startSimulatedAzure({
    profile: "realistic",
    timeScale: SCALE,
    seed: 5,
    pollIntervalMs: 5,
    maxRetries: 0,
  }));
  // This process only enqueues (as a web instance would); the children run the jobs.
  enqueuer = await startWorker({
    handle: db,
    azure,
    enableRollback: true,
    timeScale: SCALE,
    enqueueOnly: true,
    queue: QUEUE,
  });
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await enqueuer?.stop({ graceful: false, timeoutMs: 2_000 }).catch(() => {});
  await sim?.stop();
  await db?.destroy();
});

function startChild(workerId: string): Promise<ChildProcess> {
  const args: CrashWorkerArgs = {
    databaseUrl: db.connectionString!,
    simUrl: sim.url,
    caPem: sim.caPem,
    subscriptionId: sim.subscriptionId,
    timeScale: SCALE,
    workerId,
    queue: QUEUE,
  };
  // node with tsx as a loader, not the tsx CLI: the CLI runs the script in a grandchild that a
  // SIGKILL of the CLI would leave running — the "dead" worker would quietly finish the job.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(process.cwd(), "lib/orchestrator/testing/crash-worker.ts"), JSON.stringify(args)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => void (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${workerId} did not start: ${stderr}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once("exit", (code) => reject(new Error(`${workerId} exited with ${code}: ${stderr}`)));
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("crash and resume", () => {
  it.skipIf(!serverUp)(
    `SIGKILL mid-step: another process resumes, succeeded steps are not re-run, no duplicates${serverUp ? "" : ` (skipped: no Postgres server at ${SERVER})`}`,
    async () => {
      const [u] = await db.db
        .insert(users)
        .values({ email: "crash@example.com", name: "crash", role: "user" })
        .returning();
      const ctx: SpokeCtx = {
        actor: { id: u!.id, email: u!.email, name: u!.name, role: "user", via: "session" },
        db: db.db,
        azure,
        hub: hubConfig(parseEnv({})),
        enqueueDeployment: enqueuer.deps.enqueueDeployment,
      };
      const first = await startChild("worker-a");
      const before = snapshot(sim);
      sim.resetRequests();
      let vmPut!: () => void;
      const vmPutSeen = new Promise<void>((r) => (vmPut = r));
      const off = onRequest(
        sim,
        (method, operation) => void (method === "PUT" && operation === "virtualMachines.createOrUpdate" && vmPut()),
      );

      const created = await createSpoke({
        ctx,
        input: { spoke_id: 77, client_name: "crash-test", ssh_public_key: await testSshPublicKey() },
      });
      await vmPutSeen; // create_vm's PUT is accepted; the worker is now polling its LRO
      off();
      first.kill("SIGKILL");
      const killedAt = Date.now();
      await new Promise((r) => first.once("exit", r));

      // What the dead process left, read after it died: exactly what it had committed.
      const stepsAtKill = await loadSteps(created.deployment_id);
      const succeeded = [...stepsAtKill].filter(([, s]) => s.status === "succeeded").map(([k]) => k);
      const running = [...stepsAtKill].filter(([, s]) => s.status === "running").map(([k]) => k);
      expect(running).toContain("create_vm");
      expect(succeeded).toEqual(
        expect.arrayContaining(["validate_config", "create_vnet", "create_subnets", "create_nic"]),
      );
      const writesAtKill = { ...sim.requests().byMethodAndOperation };

      await startChild("worker-b");
      const resumedAt = await waitFor(
        "deployment.resumed",
        async () => {
          const e = (await events(created.id)).find((x) => x.type === "deployment.resumed");
          return e ? e.at.getTime() : undefined;
        },
        30_000,
      );
      console.info(`[crash] resumed ${resumedAt - killedAt} ms after the kill; running at kill: ${running.join(", ")}`);
      expect(resumedAt - killedAt).toBeLessThanOrEqual(20_000);
      const status = await waitFor(
        "a terminal status",
        async () => {
          const s = await db.db.query.spokes.findFirst({ where: (x, { eq }) => eq(x.id, created.id) });
          return s && ["completed", "rolled_back", "rollback_failed", "failed"].includes(s.status)
            ? s.status
            : undefined;
        },
        60_000,
      );
      expect(status).toBe("completed");

      // Succeeded steps were not re-run: one attempt, one start event, and Azure saw no second write from them.
      const stepsAfter = await loadSteps(created.deployment_id);
      const all = await events(created.id);
      const byStep = perStep(all, created.deployment_id);
      for (const k of succeeded) {
        expect(stepsAfter.get(k)?.attempts, k).toBe(1);
        expect(byStep[k], k).toEqual(["step.started", "step.succeeded"]);
      }
      for (const k of running) expect(byStep[k], k).toEqual(["step.started", "step.started", "step.succeeded"]);
      const writes = sim.requests().byMethodAndOperation;
      expect(writes["PUT virtualNetworks.createOrUpdate"]).toBe(1);
      expect(writes["PUT networkInterfaces.createOrUpdate"]).toBe(1);
      if (succeeded.includes("create_peering"))
        expect(writes["PUT virtualNetworkPeerings.createOrUpdate"]).toBe(
          writesAtKill["PUT virtualNetworkPeerings.createOrUpdate"],
        );
      expect(writes["PUT virtualMachines.createOrUpdate"]).toBe(2); // re-sent once; it joined or confirmed the same VM
      expect(all.filter((e) => !e.step && e.type !== "gateway.applied").map((e) => e.type)).toEqual([
        "deployment.queued",
        "deployment.started",
        "deployment.resumed",
        "deployment.succeeded",
      ]);
      expect(added(before, snapshot(sim))).toEqual(spokeFootprint(77, "crash-test"));
    },
    120_000,
  );
});

async function loadSteps(deploymentId: string) {
  const rows = await db.db.query.deploymentSteps.findMany({ where: (s, { eq }) => eq(s.deploymentId, deploymentId) });
  return new Map(rows.map((r) => [r.key, r]));
}

async function events(spokeId: string) {
  return db.db.query.deploymentEvents.findMany({
    where: (e, { eq }) => eq(e.spokeId, spokeId),
    orderBy: (e, { asc }) => [asc(e.seq)],
  });
}
