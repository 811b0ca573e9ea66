/**
 * Issue 12, "done means" 3: intent (spoke / deployment rows), audit row and first event of every
 * verb that starts a deployment or changes its course commit in one transaction. The connection
 * is broken between the intent write and the first event — on the Postgres server by
 * pg_terminate_backend of the transaction's own backend from a second connection, on PGlite
 * (one in-process connection) by failing the transaction at the same point — and the ledger must
 * then hold none of the four; without the break it holds all four. Run it on both:
 *   npx vitest run lib/ledger/atomic-intent.test.ts
 *   DATABASE_URL=postgres://…/test npx vitest run lib/ledger/atomic-intent.test.ts
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "@/db";
import { rows } from "@/db/rows";
import { auditLog, deploymentEvents, deployments, spokes, users } from "@/db/schema";
import { spokeRow } from "@/db/testing/fixtures";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { Actor } from "@/lib/auth/actor";
import { startSimulatedAzure, testSshPublicKey } from "@/lib/azure/testing";
import type { AzureGateway } from "@/lib/azure/types";
import { hubConfig, parseEnv } from "@/lib/env";
import type { SpokeCtx } from "@/lib/spokes/context";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { cancelDeployment, retryDeployment, rollbackDeployment, teardownSpoke } from "@/lib/spokes/deployment-actions";
import { intentHooks } from "./intent";

let t: TestDb;
let azure: { gateway: AzureGateway; stop(): Promise<void> };
let actor: Actor;
let sshKey: string;
/** A second connection, as an operator's psql would be: it kills the verb's backend. */
let killer: postgres.Sql | undefined;
const enqueued: string[] = [];
const onServer = () => t.driver === "postgres";
/** How the verb fails: the server's connection closed under it, or PGlite's failed statement. */
const broken = () => (onServer() ? /CONNECTION_CLOSED|terminat/i : /connection lost before the first event/);

beforeAll(async () => {
  t = await createTestDb();
  if (onServer()) killer = postgres(t.connectionString!, { max: 1, onnotice: () => {} });
  azure = await startSimulatedAzure({ profile: "instant" });
  sshKey = await testSshPublicKey();
  const email = `atomic-${randomUUID().slice(0, 8)}@example.com`;
  const [u] = await t.db.insert(users).values({ email, name: "atomic" }).returning();
  actor = { id: u!.id, email, name: "atomic", role: "user", via: "session" };
}, 60_000);
afterAll(async () => {
  await killer?.end({ timeout: 1 });
  await azure?.stop();
  await t?.destroy();
});
afterEach(() => {
  delete intentHooks.beforeFirstEvent;
});

function ctx(): SpokeCtx {
  return {
    actor,
    db: t.db,
    azure: azure.gateway,
    hub: hubConfig(parseEnv({})),
    limits: { create: 1000 },
    async enqueueDeployment(deploymentId) {
      enqueued.push(deploymentId);
    },
  };
}

/** Arms the break: the next unit of work loses its connection after the intent, before the first event. */
function breakBeforeFirstEvent(): { fired: () => boolean } {
  let fired = false;
  let killedPid: number | undefined;
  intentHooks.beforeFirstEvent = async (tx: Tx) => {
    fired = true;
    delete intentHooks.beforeFirstEvent; // once
    if (!killer) throw new Error("connection lost before the first event (simulated on PGlite)");
    const [me] = rows<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`));
    const [killed] = await killer`select pg_terminate_backend(${me!.pid}) as ok`;
    if (killed?.ok === true) killedPid = me!.pid;
    // The process stays at this point, between the intent and the first event, while its
    // connection dies: the transaction fails on the closed connection (postgres.js rejects it),
    // and nothing more is sent on it.
    await new Promise(() => {});
  };
  // On the server the break counts only if the transaction's backend was really terminated.
  return { fired: () => fired && (!killer || killedPid !== undefined) };
}

/** What the ledger holds about one spoke: the four things a verb records. */
async function ledgerOf(spokeId: string) {
  const ds = await t.db.select().from(deployments).where(eq(deployments.spokeId, spokeId));
  const events = await t.db.select().from(deploymentEvents).where(eq(deploymentEvents.spokeId, spokeId));
  const audits = await t.db.select().from(auditLog).where(eq(auditLog.target, spokeId));
  const [spoke] = await t.db.select().from(spokes).where(eq(spokes.id, spokeId));
  return { spoke, deployments: ds, events, audits };
}

let nextNumber = 20;
async function spokeWith(status: string, create: { status: string; cancelRequested?: boolean }) {
  const n = nextNumber++;
  const [spoke] = await t.db
    .insert(spokes)
    .values({ ...spokeRow(actor.id, n, `atomic-${n}`), status })
    .returning();
  const [d] = await t.db
    .insert(deployments)
    .values({
      spokeId: spoke!.id,
      kind: "create",
      status: create.status,
      requestedBy: actor.id,
      finishedAt: create.status === "failed" ? new Date() : null,
    })
    .returning();
  return { spoke: spoke!, create: d! };
}

describe(`one unit of work per verb on ${process.env.DATABASE_URL ? "Postgres (pg_terminate_backend)" : "PGlite (failed transaction)"}`, () => {
  it("create: a broken connection leaves no spoke, deployment, audit row or event; an unbroken one leaves all four", async () => {
    const input = { spoke_id: 5, client_name: "atomic-create", ssh_public_key: sshKey };
    const brk = breakBeforeFirstEvent();
    await expect(createSpoke({ ctx: ctx(), input })).rejects.toThrow(broken());
    expect(brk.fired()).toBe(true);
    expect(await t.db.select().from(spokes).where(eq(spokes.clientName, "atomic-create"))).toEqual([]);
    expect(
      await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorId, actor.id), eq(auditLog.action, "spoke.create"))),
    ).toEqual([]);
    expect(await t.db.select().from(deployments).where(eq(deployments.requestedBy, actor.id))).toEqual([]);
    expect(enqueued).toEqual([]);

    const created = await createSpoke({ ctx: ctx(), input });
    const after = await ledgerOf(created.id);
    expect(after.spoke?.status).toBe("in_progress");
    expect(after.deployments.map((d) => [d.id, d.kind, d.status])).toEqual([
      [created.deployment_id, "create", "queued"],
    ]);
    expect(after.audits.map((a) => a.action)).toEqual(["spoke.create"]);
    expect(after.events.map((e) => [e.seq, e.type, e.deploymentId])).toEqual([
      [1, "deployment.queued", created.deployment_id],
    ]);
    expect(after.spoke?.lastEventSeq).toBe(1);
    expect(enqueued).toEqual([created.deployment_id]);
  }, 60_000);

  const VERBS = [
    {
      name: "teardown",
      verb: teardownSpoke,
      start: { spoke: "failed", create: "failed" },
      spokeAfter: "deleting",
      action: "spoke.teardown",
      event: "deployment.queued",
      newDeployment: true,
    },
    {
      name: "rollback",
      verb: rollbackDeployment,
      start: { spoke: "failed", create: "failed" },
      spokeAfter: "rolling_back",
      action: "spoke.rollback",
      event: "deployment.queued",
      newDeployment: true,
    },
    {
      name: "retry",
      verb: retryDeployment,
      start: { spoke: "failed", create: "failed" },
      spokeAfter: "in_progress",
      action: "spoke.retry",
      event: "deployment.queued",
      newDeployment: false,
    },
    {
      name: "cancel",
      verb: cancelDeployment,
      start: { spoke: "in_progress", create: "running" },
      spokeAfter: "in_progress",
      action: "spoke.cancel",
      event: "deployment.cancel_requested",
      newDeployment: false,
    },
  ] as const;

  it.each(VERBS)(
    "$name: all or nothing",
    async (v) => {
      const { spoke, create } = await spokeWith(v.start.spoke, { status: v.start.create });
      const before = await ledgerOf(spoke.id);
      const brk = breakBeforeFirstEvent();
      await expect(v.verb({ ctx: ctx(), input: { ref: spoke.id } })).rejects.toThrow(broken());
      expect(brk.fired()).toBe(true);
      // Nothing of the verb is left: same spoke row, same deployment rows, no audit row, no event.
      expect(await ledgerOf(spoke.id)).toEqual(before);

      enqueued.length = 0;
      const done = await v.verb({ ctx: ctx(), input: { ref: spoke.id } });
      const after = await ledgerOf(spoke.id);
      expect(after.spoke?.status).toBe(v.spokeAfter);
      expect(after.audits.map((a) => a.action)).toEqual([v.action]);
      expect(after.events.map((e) => [e.seq, e.type, e.deploymentId])).toEqual([[1, v.event, done.deployment_id]]);
      expect(after.deployments).toHaveLength(v.newDeployment ? 2 : 1);
      expect(done.deployment_id === create.id).toBe(!v.newDeployment);
      if (v.name === "cancel") expect(after.deployments[0]?.cancelRequestedAt).not.toBeNull();
      else {
        expect(after.deployments.find((d) => d.id === done.deployment_id)?.status).toBe("queued");
        expect(enqueued).toEqual([done.deployment_id]);
      }
    },
    60_000,
  );

  it("no deployment in the whole ledger is left without its queued event", async () => {
    const all = await t.db.select({ id: deployments.id, spokeId: deployments.spokeId }).from(deployments);
    // The fixtures inserted the initial create rows directly (no verb): only verb-made ones are checked.
    const queued = await t.db
      .select({ id: deploymentEvents.deploymentId })
      .from(deploymentEvents)
      .where(
        and(
          eq(deploymentEvents.type, "deployment.queued"),
          inArray(
            deploymentEvents.spokeId,
            all.map((d) => d.spokeId),
          ),
        ),
      );
    const withEvent = new Set(queued.map((q) => q.id));
    const made = await t.db
      .select({ id: auditLog.details })
      .from(auditLog)
      .where(inArray(auditLog.action, ["spoke.create", "spoke.teardown", "spoke.rollback", "spoke.retry"]));
    const verbDeployments = made.map((m) => String((m.id as { deployment_id?: string }).deployment_id));
    expect(verbDeployments.length).toBeGreaterThanOrEqual(4);
    expect(verbDeployments.filter((id) => !withEvent.has(id))).toEqual([]);
  });
});
