/**
 * Issue 10: twenty concurrent teardown / retry / rollback requests on one spoke with a failed
 * create start exactly one deployment; every other request is a clean 409, and the ledger holds
 * one audit row and one queued event for it. Run it on the Postgres server
 * (DATABASE_URL=postgres://…) to prove it: PGlite serialises everything.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, deploymentEvents, deployments, spokes, users } from "@/db/schema";
import { spokeRow } from "@/db/testing/fixtures";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { Actor } from "@/lib/auth/actor";
import { hubConfig, parseEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import type { SpokeCtx } from "./context";
import { retryDeployment, rollbackDeployment, teardownSpoke } from "./deployment-actions";

let t: TestDb;
let actor: Actor;
const enqueued: string[] = [];
beforeAll(async () => {
  t = await createTestDb();
  const email = `busy-${randomUUID().slice(0, 8)}@example.com`;
  const [u] = await t.db.insert(users).values({ email, name: "busy" }).returning();
  actor = { id: u!.id, email, name: "busy", role: "user", via: "session" };
}, 60_000);
afterAll(async () => t?.destroy());

function ctx(): SpokeCtx {
  return {
    actor,
    db: t.db,
    // safe because these verbs only write the ledger and enqueue; none of them calls Azure
    azure: undefined as never,
    hub: hubConfig(parseEnv({})),
    async enqueueDeployment(deploymentId) {
      enqueued.push(deploymentId);
    },
  };
}

async function spokeWithFailedCreate(n: number) {
  const [spoke] = await t.db
    .insert(spokes)
    .values({ ...spokeRow(actor.id, n, `busy-${n}`), status: "failed" })
    .returning();
  await t.db
    .insert(deployments)
    .values({ spokeId: spoke!.id, kind: "create", status: "failed", requestedBy: actor.id, finishedAt: new Date() });
  return spoke!;
}

describe("one active deployment per spoke", () => {
  it("20 concurrent DELETE / retry / rollback calls start exactly one deployment", async () => {
    const spoke = await spokeWithFailedCreate(7);
    const verbs = [teardownSpoke, retryDeployment, rollbackDeployment];
    const calls = Array.from({ length: 20 }, (_, i) =>
      verbs[i % verbs.length]!({ ctx: ctx(), input: { ref: spoke.id } }),
    );
    const settled = await Promise.allSettled(calls);

    const won = settled.filter((s) => s.status === "fulfilled");
    const lost = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(
      lost.map((e) => (isAppError(e) ? `${e.code}: ${/in progress|no failed/.test(e.message)}` : String(e))),
    ).toEqual(Array(19).fill("conflict: true"));

    const active = await t.db
      .select()
      .from(deployments)
      .where(and(eq(deployments.spokeId, spoke.id), inArray(deployments.status, ["queued", "running"])));
    expect(active).toHaveLength(1);
    expect(enqueued.filter((id) => id === active[0]!.id)).toHaveLength(1);
    const queued = await t.db
      .select()
      .from(deploymentEvents)
      .where(and(eq(deploymentEvents.spokeId, spoke.id), eq(deploymentEvents.type, "deployment.queued")));
    expect(queued.map((e) => e.deploymentId)).toEqual([active[0]!.id]);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.target, spoke.id));
    expect(audits).toHaveLength(1);
  }, 60_000);

  it("the database itself refuses a second active deployment", async () => {
    const spoke = await spokeWithFailedCreate(8);
    await t.db
      .insert(deployments)
      .values({ spokeId: spoke.id, kind: "teardown", status: "queued", requestedBy: actor.id });
    await expect(
      t.db
        .insert(deployments)
        .values({ spokeId: spoke.id, kind: "rollback", status: "running", requestedBy: actor.id }),
    ).rejects.toThrow();
  });
});
