/**
 * Issue 10: the reconciler never overwrites or removes a gateway entry the ledger does not give to
 * a spoke (hub defaults, hand-made entries, another spoke's), and a spoke whose entries would break
 * the merged gateway is left out alone while the others' updates land. Driven through the real
 * SDK against the simulator; the spoke rows are written directly to play a request that slipped
 * past the create-time checks (an older row, a hand-made entry that appeared after the plan).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spokes } from "@/db/schema";
import { spokeRow } from "@/db/testing/fixtures";
import type { SpokeGatewayEntry } from "@/lib/network/gateway-entries";
import { agwNames } from "@/lib/network/resource-names";
import { startHarness, type Harness } from "../testing";
import { fromAzure, toAzure } from "./adapter";
import { setDesiredGatewayEntry, waitForGatewayGeneration } from "./desired";
import { reconcileGateway } from "./reconciler";

const HUB = "hub-rg/hub-vnet/hub-agw";
let h: Harness;
let ownerId: string;
beforeAll(async () => {
  h = await startHarness();
  ownerId = (await h.newUser()).id;
  // An entry made by hand in the portal: a pool and its HTTP settings no spoke owns.
  const gw = await h.azure.getApplicationGateway("hub-rg", "hub-agw");
  const entries = fromAzure(gw!);
  entries.backendPools.push({ name: "marketing-pool", ipAddresses: ["10.50.0.4"] });
  entries.backendHttpSettings.push({
    name: "marketing-http",
    port: 8080,
    protocol: "Http",
    cookieBasedAffinity: "Disabled",
    requestTimeout: 20,
  });
  await h.azure.putApplicationGateway(gw!.handle, toAzure(gw!, entries), { pollIntervalMs: 5 });
}, 60_000);
afterAll(async () => h?.stop());

/** The gateway as comparable data: every entry's fields, without the SDK's raw objects. */
async function gatewayView() {
  const gw = await h.azure.getApplicationGateway("hub-rg", "hub-agw");
  const strip = <T extends { raw?: unknown }>(list: T[]) =>
    list.map(({ raw: _raw, ...rest }) => rest).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const e = fromAzure(gw!);
  return {
    backendPools: strip(e.backendPools),
    backendHttpSettings: strip(e.backendHttpSettings),
    listeners: strip(e.listeners),
    rules: strip(e.rules),
  };
}

/** `rowHub` other than the default sidesteps the database's unique names, as an old row would. */
async function spokeWith(n: number, overrides: Partial<SpokeGatewayEntry["names"]> = {}, rowHub?: string) {
  const clientName = `own-${n}-${randomUUID().slice(0, 4)}`;
  const base = agwNames({ spokeNumber: n, clientName, agwBaseDomain: "spokes.example.com" });
  const names = {
    backendPool: base.backendPool,
    httpSettings: base.httpSettings,
    listener: base.listener,
    routingRule: base.routingRule,
    priority: base.priority,
    hostName: base.hostName,
    ...overrides,
  };
  const [row] = await h.db.db
    .insert(spokes)
    .values({ ...spokeRow(ownerId, n, clientName, rowHub), agw: names })
    .returning();
  return {
    id: row!.id,
    entry: { clientName, spokeNumber: n, backendIp: `10.11.${n}.4`, names } satisfies SpokeGatewayEntry,
  };
}

async function wish(spoke: Awaited<ReturnType<typeof spokeWith>>, remove = false) {
  return h.db.db.transaction((tx) =>
    setDesiredGatewayEntry(tx, HUB, spoke.id, spoke.entry.names, remove ? null : spoke.entry),
  );
}

async function outcome(spokeId: string, generation: number): Promise<string> {
  const opts = { signal: new AbortController().signal, timeoutMs: 5_000, nudge: async () => {} };
  return waitForGatewayGeneration(h.db.db, HUB, spokeId, generation, opts).then(
    () => "applied",
    (err: Error) => err.message,
  );
}

const names = (list: { name: string }[]) => list.map((e) => e.name);

describe("gateway ownership in the reconciler", () => {
  it("never takes over or removes hub defaults, hand-made entries or another spoke's entries", async () => {
    const before = await gatewayView();
    const takeover = await spokeWith(11, { backendPool: "defaultPool", routingRule: "defaultRoutingRule" });
    const handMade = await spokeWith(12, { backendPool: "Marketing-Pool" });
    const honest = await spokeWith(13);
    const squatter = await spokeWith(14, { backendPool: honest.entry.names.backendPool.toUpperCase() }, "older-hub");
    const gens = [await wish(takeover), await wish(handMade), await wish(honest)];
    await reconcileGateway(h.worker.deps, HUB);
    const gSquat = await wish(squatter);
    await reconcileGateway(h.worker.deps, HUB);

    const after = await gatewayView();
    expect(after.backendPools).toEqual(expect.arrayContaining(before.backendPools)); // defaultPool and marketing-pool as they were
    expect(after.rules).toEqual(expect.arrayContaining(before.rules));
    expect(after.backendPools.find((p) => p.name === honest.entry.names.backendPool)?.ipAddresses).toEqual([
      "10.11.13.4",
    ]);
    expect(await outcome(takeover.id, gens[0]!)).toMatch(
      /backend pool 'defaultPool' exists on the gateway and belongs to no spoke/,
    );
    expect(await outcome(takeover.id, gens[0]!)).toMatch(/routing rule 'defaultRoutingRule'/);
    expect(await outcome(handMade.id, gens[1]!)).toMatch(
      /backend pool 'Marketing-Pool' exists on the gateway and belongs to no spoke/,
    );
    expect(await outcome(honest.id, gens[2]!)).toBe("applied");
    expect(await outcome(squatter.id, gSquat)).toMatch(/belongs to another spoke/);

    // Every one of them is removed: only what the honest spoke created goes.
    for (const s of [takeover, handMade, squatter, honest]) await wish(s, true);
    await reconcileGateway(h.worker.deps, HUB);
    expect(await gatewayView()).toEqual(before);
  }, 30_000);

  it("leaves out a spoke whose entries would make the gateway invalid; the others still land", async () => {
    const before = await gatewayView();
    // Priority 20000 is the hub default rule's: Azure would refuse the whole PUT for it.
    const bad = await spokeWith(21, { priority: 20_000 });
    const good = await spokeWith(22);
    const gBad = await wish(bad);
    const gGood = await wish(good);
    await reconcileGateway(h.worker.deps, HUB);
    expect(await outcome(bad.id, gBad)).toMatch(
      /would make the gateway invalid: rule .* priority 20000 is already used by rule defaultRoutingRule/,
    );
    expect(await outcome(good.id, gGood)).toBe("applied");
    const after = await gatewayView();
    expect(names(after.rules)).toContain(good.entry.names.routingRule);
    expect(names(after.rules)).not.toContain(bad.entry.names.routingRule);
    expect(names(after.backendPools)).not.toContain(bad.entry.names.backendPool);

    await wish(bad, true);
    await wish(good, true);
    await reconcileGateway(h.worker.deps, HUB);
    expect(await gatewayView()).toEqual(before);
  }, 30_000);
});
