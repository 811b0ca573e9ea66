import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/rows";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { env } from "@/lib/env";
import { appendEvents } from "@/lib/ledger/append";
import { createEventFanout, type EventFanout } from "./fanout";
import { makeDeployment, makeSpoke } from "@/lib/ledger/test-fixtures";

let t: TestDb;
let fanout: EventFanout;
beforeAll(async () => {
  t = await createTestDb();
  fanout = createEventFanout(t);
  await fanout.ready();
});
afterAll(async () => {
  await fanout?.close();
  await t?.destroy();
});

async function until(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(10);
  }
}

async function appendOne(spoke: { spokeId: string; userId: string }, deploymentId: string) {
  return t.db.transaction((tx) =>
    appendEvents(tx, spoke.spokeId, [{ deploymentId, type: "deployment.started", level: "info", message: "go" }]),
  );
}

describe(`event fan-out on ${env().DATABASE_URL ? "Postgres" : "PGlite"}`, () => {
  it("wakes the spoke's subscribers and the all-spokes subscribers after commit", async () => {
    const spoke = await makeSpoke(t.db);
    const other = await makeSpoke(t.db);
    const dep = await makeDeployment(t.db, spoke);
    const woken: (number | null)[] = [];
    const otherWoken: (number | null)[] = [];
    const any: [string | null, number | null][] = [];
    const offs = [
      fanout.subscribeSpoke(spoke.spokeId, (seq) => woken.push(seq)),
      fanout.subscribeSpoke(other.spokeId, (seq) => otherWoken.push(seq)),
      fanout.subscribeAll((id, seq) => any.push([id, seq])),
    ];
    await appendOne(spoke, dep);
    await until(() => woken.length === 1 && any.length === 1);
    expect(woken).toEqual([1]);
    expect(any).toEqual([[spoke.spokeId, 1]]);
    expect(otherWoken).toEqual([]);
    offs.forEach((off) => off());
    await appendOne(spoke, dep);
    await sleep(200);
    expect(woken).toEqual([1]);
  });

  it("says nothing about a transaction that rolled back", async () => {
    const spoke = await makeSpoke(t.db);
    const dep = await makeDeployment(t.db, spoke);
    const woken: (number | null)[] = [];
    const off = fanout.subscribeSpoke(spoke.spokeId, (seq) => woken.push(seq));
    await t.db
      .transaction(async (tx) => {
        await appendEvents(tx, spoke.spokeId, [
          { deploymentId: dep, type: "deployment.started", level: "info", message: "x" },
        ]);
        throw new Error("abort");
      })
      .catch(() => {});
    await sleep(300);
    off();
    expect(woken).toEqual([]);
  });

  it.skipIf(!env().DATABASE_URL)(
    "re-listens after the LISTEN connection drops and wakes everyone to re-read",
    async () => {
      const spoke = await makeSpoke(t.db);
      const dep = await makeDeployment(t.db, spoke);
      const woken: (number | null)[] = [];
      const off = fanout.subscribeSpoke(spoke.spokeId, (seq) => woken.push(seq));
      const killed = rows<{ ok: boolean }>(
        await t.db.execute(sql`select pg_terminate_backend(pid) as ok from pg_stat_activity
        where application_name = 'hsc-event-listener' and datname = current_database()`),
      );
      expect(killed.length).toBe(1);
      await until(() => woken.includes(null), 10_000);
      await appendOne(spoke, dep);
      await until(() => woken.includes(1), 10_000);
      off();
    },
  );
});
