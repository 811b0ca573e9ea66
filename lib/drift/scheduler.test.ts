/**
 * The periodic drift check (PGlite or the server): one instance per tick (the schedule's lease),
 * each tick checks its share of the spokes, oldest first, so every spoke is checked once per
 * interval and never all at once. A fake clock runs the interval in milliseconds.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { loadDrift } from "./check";
import { driftTick } from "./scheduler";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.stop());

it("spreads the checks over the interval, one instance per tick", async () => {
  const alice = await h.newUser();
  const key = await testSshPublicKey();
  const ids: string[] = [];
  for (const [n, name] of [
    [41, "tick-a"],
    [42, "tick-b"],
  ] as const) {
    const created = await createSpoke({
      ctx: h.ctxFor(alice),
      input: { spoke_id: n, client_name: name, ssh_public_key: key },
    });
    expect((await h.waitForSpoke(created.id, ["completed", "failed", "rolled_back"])).status).toBe("completed");
    ids.push(created.id);
  }
  let t = Date.now() + 3_600_000; // ahead of any real check, so the fake clock decides what is due
  const now = () => t;
  const base = { db: h.db.db, azure: h.azure, intervalMs: 10_000, tickMs: 1_000, now };

  // Two instances tick at once: one wins the lease and checks its share (2 spokes × 1 s / 10 s → 1).
  const [a, b] = await Promise.all([
    driftTick({ ...base, owner: "instance-a" }),
    driftTick({ ...base, owner: "instance-b" }),
  ]);
  expect([a.length, b.length].sort()).toEqual([0, 1]);
  // Within the same tick nobody checks again.
  expect(await driftTick({ ...base, owner: "instance-b" })).toEqual([]);
  t += 1_000;
  const second = await driftTick({ ...base, owner: "instance-b" });
  expect(second).toHaveLength(1);
  expect(new Set([...a, ...b, ...second])).toEqual(new Set(ids));
  for (const id of ids) expect((await loadDrift(h.db.db, id)).status).toBe("in_sync");
  // Both checked within the interval: the next ticks find nothing due until it has passed.
  for (let i = 0; i < 5; i++) {
    t += 1_000;
    expect(await driftTick({ ...base, owner: "instance-a" })).toEqual([]);
  }
  t += 10_000;
  expect(await driftTick({ ...base, owner: "instance-a" })).toHaveLength(1);
}, 90_000);
