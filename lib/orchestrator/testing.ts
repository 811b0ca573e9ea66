/**
 * Test harness: a fresh database (PGlite or the server), a private ARM simulator driven through
 * the real SDK, the real queue and worker, and verb contexts for test users. Tests only.
 */
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { deploymentEvents, deployments, deploymentSteps, spokes, users } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { Actor } from "@/lib/auth/actor";
import { startSimulatedAzure } from "@/lib/azure/testing";
import type { ArmSimulator, ArmSimulatorOptions } from "@/lib/arm-simulator";
import type { AzureGateway } from "@/lib/azure/types";
import { hubConfig, parseEnv } from "@/lib/env";
import { checkSpokeDrift } from "@/lib/drift/check";
import type { SpokeCtx } from "@/lib/spokes/context";
import type { DeliveryOptions } from "@/lib/webhooks/deliver";
import { startWorker, type Worker } from "./worker";

export interface Harness {
  db: TestDb;
  sim: ArmSimulator;
  azure: AzureGateway;
  worker: Worker;
  ctxFor(actor: Actor): SpokeCtx;
  newUser(role?: "user" | "admin"): Promise<Actor>;
  waitForSpoke(spokeId: string, statuses: string[], timeoutMs?: number): Promise<typeof spokes.$inferSelect>;
  eventTypes(spokeId: string): Promise<string[]>;
  /** Every event of the spoke in cursor order, with its deployment and step. */
  events(spokeId: string): Promise<(typeof deploymentEvents.$inferSelect)[]>;
  /** The spoke's deployments, oldest first. */
  deploymentsOf(spokeId: string): Promise<(typeof deployments.$inferSelect)[]>;
  /** A deployment's step rows by key. */
  stepsOf(deploymentId: string): Promise<Map<string, typeof deploymentSteps.$inferSelect>>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  sim?: ArmSimulatorOptions;
  enableRollback?: boolean;
  timeScale?: number;
  concurrency?: number;
  admissionLimit?: number;
  /** Webhook delivery policy and retry pacing (default: private targets refused, 10 s first retry). */
  webhooks?: DeliveryOptions & { retryDelaySeconds?: number; retryLimit?: number };
  /** A drift check after each finished update, as lib/runtime composes it (default true). */
  driftAfterUpdate?: boolean;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDb();
  const { sim, gateway } = await startSimulatedAzure({
    profile: "instant",
    pollIntervalMs: 5,
    maxRetries: 0,
    ...opts.sim,
  });
  const timeScale = opts.timeScale ?? 0.001;
  const worker = await startWorker({
    handle: db,
    azure: gateway,
    enableRollback: opts.enableRollback ?? true,
    timeScale,
    pollIntervalMs: 5,
    concurrency: opts.concurrency ?? 25,
    admissionLimit: opts.admissionLimit,
    admissionPollMs: 20,
    queue: {
      heartbeatSeconds: 10,
      superviseIntervalSeconds: 2,
      retryDelaySeconds: 1,
      webhookRetryDelaySeconds: opts.webhooks?.retryDelaySeconds,
      webhookRetryLimit: opts.webhooks?.retryLimit,
    },
    webhooks: opts.webhooks,
    deliverWebhooks: Boolean(opts.webhooks),
    afterUpdate:
      opts.driftAfterUpdate === false
        ? undefined
        : async (spokeId) => void (await checkSpokeDrift({ db: db.db, azure: gateway }, spokeId)),
  });
  const hub = hubConfig(parseEnv({}));
  const ctxFor = (actor: Actor): SpokeCtx => ({
    actor,
    db: db.db,
    azure: gateway,
    hub,
    enqueueDeployment: worker.deps.enqueueDeployment,
  });
  return {
    db,
    sim,
    azure: gateway,
    worker,
    ctxFor,
    async newUser(role = "user") {
      const email = `${role}-${randomUUID().slice(0, 8)}@example.com`;
      const [u] = await db.db
        .insert(users)
        .values({ email, name: email.split("@")[0] ?? email, role })
        .returning();
      if (!u) throw new Error("no user");
      return { id: u.id, email: u.email, name: u.name, role, via: "session" };
    },
    async waitForSpoke(spokeId, statuses, timeoutMs = 60_000) {
      const started = Date.now();
      for (;;) {
        const [row] = await db.db.select().from(spokes).where(eq(spokes.id, spokeId));
        if (row && statuses.includes(row.status)) return row;
        if (Date.now() - started > timeoutMs)
          throw new Error(`spoke ${spokeId} stayed ${row?.status}; wanted ${statuses.join("|")}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async eventTypes(spokeId) {
      const rows = await db.db
        .select({ type: deploymentEvents.type, seq: deploymentEvents.seq })
        .from(deploymentEvents)
        .where(eq(deploymentEvents.spokeId, spokeId))
        .orderBy(deploymentEvents.seq);
      return rows.map((r) => r.type);
    },
    async events(spokeId) {
      return db.db
        .select()
        .from(deploymentEvents)
        .where(eq(deploymentEvents.spokeId, spokeId))
        .orderBy(deploymentEvents.seq);
    },
    async deploymentsOf(spokeId) {
      return db.db
        .select()
        .from(deployments)
        .where(eq(deployments.spokeId, spokeId))
        .orderBy(asc(deployments.createdAt));
    },
    async stepsOf(deploymentId) {
      const rows = await db.db.select().from(deploymentSteps).where(eq(deploymentSteps.deploymentId, deploymentId));
      return new Map(rows.map((r) => [r.key, r]));
    },
    async stop() {
      await worker.stop({ graceful: false, timeoutMs: 2_000 }).catch(() => {});
      await sim.stop();
      await db.destroy();
    },
  };
}
