import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spokes } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { env } from "@/lib/env";
import { appendEvents, type AppendableEvent } from "./append";
import { readEventsAfter } from "./read";
import { makeDeployment, makeSpoke } from "./test-fixtures";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.destroy());

const started = (deploymentId: string, step: string): AppendableEvent => ({
  deploymentId,
  type: "step.started",
  step,
  level: "info",
  message: `${step} started`,
});

describe(`appendEvents on ${env().DATABASE_URL ? "Postgres" : "PGlite"}`, () => {
  it("assigns per-spoke seqs from 1, stores the events and bumps the spoke's cursor", async () => {
    const spoke = await makeSpoke(t.db);
    const dep = await makeDeployment(t.db, spoke);
    const out = await t.db.transaction((tx) =>
      appendEvents(tx, spoke.spokeId, [started(dep, "create_vnet"), started(dep, "create_subnets")]),
    );
    expect(out.map((e) => e.seq)).toEqual([1, 2]);
    expect(out[0]).toMatchObject({ spokeId: spoke.spokeId, deploymentId: dep, type: "step.started", data: {} });
    expect(Date.parse(out[0]?.at ?? "")).not.toBeNaN();
    expect(await readEventsAfter(t.db, spoke.spokeId, 0)).toEqual(out);
    const [row] = await t.db.select().from(spokes).where(eq(spokes.id, spoke.spokeId));
    expect(row?.lastEventSeq).toBe(2);
  });

  it("rejects an invalid event and writes nothing", async () => {
    const spoke = await makeSpoke(t.db);
    const dep = await makeDeployment(t.db, spoke);
    const bad = { deploymentId: dep, type: "step.failed", level: "error", message: "no step key", data: {} } as const;
    await expect(t.db.transaction((tx) => appendEvents(tx, spoke.spokeId, [started(dep, "a"), bad]))).rejects.toThrow(
      /step/,
    );
    expect(await readEventsAfter(t.db, spoke.spokeId, 0)).toEqual([]);
  });

  it("gives no seq to a rolled-back transaction's events", async () => {
    const spoke = await makeSpoke(t.db);
    const dep = await makeDeployment(t.db, spoke);
    await t.db
      .transaction(async (tx) => {
        await appendEvents(tx, spoke.spokeId, [started(dep, "a")]);
        throw new Error("state change failed");
      })
      .catch(() => {});
    const out = await t.db.transaction((tx) => appendEvents(tx, spoke.spokeId, [started(dep, "b")]));
    expect(out.map((e) => e.seq)).toEqual([1]);
  });

  it("keeps seqs gap-free, unique and in commit order under concurrent transactions", async () => {
    const spoke = await makeSpoke(t.db);
    const dep = await makeDeployment(t.db, spoke);
    const commitOrder: number[][] = [];
    let writing = true;
    const gapsSeen: string[] = [];
    // A reader polling mid-flight must only ever see a prefix 1..k: a hole would be an event that a
    // client resuming after a later seq loses forever.
    const reader = (async () => {
      while (writing) {
        const seqs = (await readEventsAfter(t.db, spoke.spokeId, 0, 10_000)).map((e) => e.seq);
        if (seqs.some((s, i) => s !== i + 1)) gapsSeen.push(seqs.join(","));
        await sleep(1);
      }
    })();
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        t.db
          .transaction(async (tx) => {
            const out = await appendEvents(tx, spoke.spokeId, [started(dep, `s${i}a`), started(dep, `s${i}b`)]);
            await sleep(Math.random() * 5); // hold the lock a while, as a real state change would
            return out.map((e) => e.seq);
          })
          .then((seqs) => void commitOrder.push(seqs)),
      ),
    );
    writing = false;
    await reader;
    const all = (await readEventsAfter(t.db, spoke.spokeId, 0, 10_000)).map((e) => e.seq);
    expect(all).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    for (const seqs of commitOrder) expect(seqs[1]).toBe((seqs[0] ?? 0) + 1);
    expect(commitOrder.map((s) => s[0])).toEqual([...commitOrder.map((s) => s[0] ?? 0)].sort((a, b) => a - b));
    expect(gapsSeen).toEqual([]);
  });
});
