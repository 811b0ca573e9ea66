/**
 * Many viewers, one reader: a simulated five minutes of ten topology viewers and ten spoke-page
 * viewers, spread over three app instances on one database, against the simulator through the
 * real SDK. The clock is simulated (the cadence is minutes); the ARM requests are real and counted
 * by the simulator's request log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import { onRequest } from "@/lib/orchestrator/testing/sim";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import type { Actor } from "@/lib/auth/actor";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { getSpokeLive } from "@/lib/spokes/get-spoke";
import { getTopology } from "@/lib/spokes/get-topology";
import { refreshLiveView } from "@/lib/spokes/refresh-live";
import { settleReads, type LiveConfig } from "./engine";

let h: Harness;
let alice: Actor;
let bob: Actor;
let admin: Actor;
let aliceSpoke: string;
let clock = Date.parse("2026-01-01T00:00:00Z");

function instance(name: string): LiveConfig {
  return {
    refreshMs: 10_000,
    minRefreshMs: 5_000,
    healthMs: 30_000,
    leaseMs: 60_000,
    readTimeoutMs: 20_000,
    owner: name,
    now: () => clock,
    inflight: new Map(),
  };
}
const instances = [instance("app-1"), instance("app-2"), instance("app-3")];
const settleAll = () => Promise.all(instances.map((i) => settleReads(i.inflight)));

/** Every ARM request with the simulated time it was made at. */
const seen: { t: number; method: string; operation: string }[] = [];

beforeAll(async () => {
  h = await startHarness();
  const key = await testSshPublicKey();
  [alice, bob, admin] = [await h.newUser(), await h.newUser(), await h.newUser("admin")];
  const a = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: 3, client_name: "alice-co", ssh_public_key: key },
  });
  const b = await createSpoke({
    ctx: h.ctxFor(bob),
    input: { spoke_id: 4, client_name: "bob-co", ssh_public_key: key },
  });
  await h.waitForSpoke(a.id, ["completed"]);
  await h.waitForSpoke(b.id, ["completed"]);
  aliceSpoke = a.id;
  onRequest(h.sim, (method, operation) => seen.push({ t: clock, method, operation }));
}, 90_000);
afterAll(async () => h?.stop());

// Per-user limits are tested in lib/rate-limit.test.ts; here every viewer may ask.
const ctxOn = (actor: Actor, i: number) => ({
  ...h.ctxFor(actor),
  live: instances[i % instances.length],
  limits: { liveRefresh: 1_000 },
});
const isHealth = (r: { operation: string }) => r.operation === "applicationGateways.backendHealth";

describe("live views", () => {
  it("first answer does not wait for Azure: 'reading' with no age, then the snapshot with its age", async () => {
    const before = seen.length;
    const first = await getTopology({ ctx: ctxOn(alice, 0) });
    expect(first.read_at).toBeNull();
    expect(first.live).toMatchObject({ read_at: null, age_s: null, refreshing: true });
    expect(first.spokes.map((s) => s.client_name)).toEqual(["alice-co"]);
    await settleAll();
    expect(seen.length).toBeGreaterThan(before);
    clock += 4_000;
    const next = await getTopology({ ctx: ctxOn(alice, 1) });
    expect(next.live.age_s).toBe(4);
    expect(next.spokes[0]).toMatchObject({
      client_name: "alice-co",
      hub_to_spoke: { state: "Connected" },
      spoke_to_hub: { state: "Connected" },
    });
    // Ownership as before: bob's spoke and gateway entries stay out of alice's picture.
    expect(JSON.stringify(next)).not.toContain("bob-co");
    const all = await getTopology({ ctx: ctxOn(admin, 2) });
    expect(all.spokes.map((s) => s.client_name).sort()).toEqual(["alice-co", "bob-co"]);
  });

  it("answers from a fresh snapshot make no ARM request", async () => {
    await getSpokeLive({ ctx: ctxOn(alice, 0), input: { ref: aliceSpoke } });
    await settleAll();
    clock += 1_000;
    const before = seen.length;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, k) =>
        k % 2
          ? getTopology({ ctx: ctxOn(k % 3 ? alice : admin, k) })
          : getSpokeLive({ ctx: ctxOn(alice, k), input: { ref: aliceSpoke } }),
      ),
    );
    await settleAll();
    expect(seen.length).toBe(before);
    const page = answers[0] as Awaited<ReturnType<typeof getSpokeLive>>;
    expect(page.vm).toMatchObject({ name: "spoke-vm-3", status: "running", private_ip: "10.11.3.4" });
    expect(page.live.read_at).not.toBeNull();
  });

  it("20 viewers on 3 instances for 5 simulated minutes: one backend health per 30 s, bounded reads", async () => {
    const start = clock;
    const from = seen.length;
    let answers = 0;
    // Topology polls every 5 s, the spoke page every 5 s: 20 viewers, 60 answers a minute each.
    for (let step = 0; step < 60; step++) {
      clock += 5_000;
      const views = Array.from({ length: 20 }, (_, k) =>
        k < 10
          ? getTopology({ ctx: ctxOn(k % 2 ? alice : admin, k) })
          : getSpokeLive({ ctx: ctxOn(alice, k), input: { ref: aliceSpoke } }),
      );
      answers += (await Promise.all(views)).length;
      await settleAll();
    }
    const window = seen.slice(from);
    const minutes = (clock - start) / 60_000;
    const health = window.filter((r) => isHealth(r) && r.method === "POST").map((r) => r.t);
    for (let k = 1; k < health.length; k++) expect(health[k]! - health[k - 1]!).toBeGreaterThanOrEqual(30_000);
    expect(health.length).toBeGreaterThanOrEqual(9); // the gateway's health is still read every 30 s
    expect(health.length).toBeLessThanOrEqual(10);
    // Per 10 s: hub (VNet, gateway, two spoke VNets) + spoke (VNet, VM, NIC) = 7 GETs; health apart.
    // Before the snapshots, the same 1,200 answers made about 19 (topology) and 31 (spoke) ARM requests each.
    const polls = window.filter((r) => r.operation === "operations.result");
    const gets = window.filter((r) => r.method === "GET" && r.operation !== "operations.result");
    expect(polls.length).toBeLessThanOrEqual(3 * health.length); // the health LRO, polled slowly
    expect(answers).toBe(1_200);
    expect(gets.length).toBeLessThanOrEqual(7 * 6 * minutes);
    expect(gets.length).toBeGreaterThanOrEqual(7 * 5 * minutes); // and they really are re-read
  }, 300_000);

  it("Refresh: many viewers asking at once cause one read, not before the minimum interval", async () => {
    clock += 10_000;
    await getSpokeLive({ ctx: ctxOn(alice, 0), input: { ref: aliceSpoke } }); // both snapshots read now
    await settleAll();
    clock += 2_000;
    const before = seen.length;
    await Promise.all(
      Array.from({ length: 10 }, (_, k) => refreshLiveView({ ctx: ctxOn(alice, k), input: { ref: aliceSpoke } })),
    );
    await settleAll();
    expect(seen.length).toBe(before); // the snapshots are younger than 5 s
    clock += 4_000;
    await Promise.all(
      Array.from({ length: 10 }, (_, k) => refreshLiveView({ ctx: ctxOn(alice, k), input: { ref: aliceSpoke } })),
    );
    await settleAll();
    const reads = seen.slice(before);
    // One hub read (VNet, gateway, 2 spoke VNets) and one spoke read (VNet, VM, NIC).
    expect(reads.filter((r) => r.method === "GET" && r.operation !== "operations.result").length).toBe(7);
    // A Refresh does not bring backend health forward: still at most one per 30 s.
    const healthTimes = seen.filter((r) => isHealth(r) && r.method === "POST").map((r) => r.t);
    for (let k = 1; k < healthTimes.length; k++)
      expect(healthTimes[k]! - healthTimes[k - 1]!).toBeGreaterThanOrEqual(30_000);
  });

  it("another user's spoke is a 404 for Refresh and the live view alike", async () => {
    await expect(refreshLiveView({ ctx: ctxOn(bob, 0), input: { ref: aliceSpoke } })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getSpokeLive({ ctx: ctxOn(bob, 0), input: { ref: aliceSpoke } })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
