/**
 * The spoke's health probe is an owned gateway entry like its pool, settings, listener and rule
 * (issue 13): claimed in the ledger when applied, never taken over when a hand-made probe has its
 * name, removed with the spoke's other entries, and a hand-made probe is never touched. Driven
 * through the real SDK against the simulator.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayOwnedEntries, spokes } from "@/db/schema";
import { spokeRow } from "@/db/testing/fixtures";
import type { SpokeGatewayEntry } from "@/lib/network/gateway-entries";
import { agwNames } from "@/lib/network/resource-names";
import { startHarness, type Harness } from "../testing";
import { fromAzure, toAzure } from "./adapter";
import { setDesiredGatewayEntry, waitForGatewayGeneration } from "./desired";
import { reconcileGateway } from "./reconciler";

const HUB = "hub-rg/hub-vnet/hub-agw";
const HAND_MADE = {
  name: "handmade-probe",
  protocol: "Http" as const,
  host: "example.org",
  pickHostNameFromBackendHttpSettings: false,
  path: "/ping",
  interval: 15,
  timeout: 10,
  unhealthyThreshold: 2,
  statusCodes: ["200"],
};
let h: Harness;
let ownerId: string;

beforeAll(async () => {
  h = await startHarness();
  ownerId = (await h.newUser()).id;
  // A probe made by hand in the portal, named as a spoke's probe would be.
  const gw = await h.azure.getApplicationGateway("hub-rg", "hub-agw");
  const entries = fromAzure(gw!);
  entries.probes.push(HAND_MADE);
  await h.azure.putApplicationGateway(gw!.handle, toAzure(gw!, entries), { pollIntervalMs: 5 });
}, 60_000);
afterAll(async () => h?.stop());

const gateway = async () => fromAzure((await h.azure.getApplicationGateway("hub-rg", "hub-agw"))!);
const strip = <T extends { raw?: unknown }>({ raw: _raw, ...rest }: T) => rest;

async function spokeWith(n: number, clientName = `probe-${n}-${randomUUID().slice(0, 4)}`) {
  const names = agwNames({ spokeNumber: n, clientName, agwBaseDomain: "spokes.example.com" });
  const [row] = await h.db.db
    .insert(spokes)
    .values({ ...spokeRow(ownerId, n, clientName), agw: names })
    .returning();
  return {
    id: row!.id,
    entry: {
      clientName,
      spokeNumber: n,
      backendIp: `10.11.${n}.4`,
      names,
      probePath: "/status",
    } satisfies SpokeGatewayEntry,
  };
}

async function wish(spoke: Awaited<ReturnType<typeof spokeWith>>, remove = false) {
  const generation = await h.db.db.transaction((tx) =>
    setDesiredGatewayEntry(tx, HUB, spoke.id, spoke.entry.names, remove ? null : spoke.entry),
  );
  await reconcileGateway(h.worker.deps, HUB);
  const opts = { signal: new AbortController().signal, timeoutMs: 5_000, nudge: async () => {} };
  return waitForGatewayGeneration(h.db.db, HUB, spoke.id, generation, opts).then(
    () => "applied",
    (err: Error) => err.message,
  );
}

const ledgerOf = (spokeId: string) =>
  h.db.db
    .select()
    .from(gatewayOwnedEntries)
    .where(and(eq(gatewayOwnedEntries.hub, HUB), eq(gatewayOwnedEntries.spokeId, spokeId)));

describe("the spoke's health probe as an owned gateway entry", () => {
  it("is created with the spoke's entries, referenced by its settings and claimed; removal takes it away", async () => {
    const before = await gateway();
    const s = await spokeWith(31);
    expect(await wish(s)).toBe("applied");
    const gw = await gateway();
    const probe = gw.probes.find((p) => p.name === `${s.entry.clientName}-probe`);
    expect(probe && strip(probe)).toEqual({
      name: `${s.entry.clientName}-probe`,
      protocol: "Http",
      host: "127.0.0.1",
      pickHostNameFromBackendHttpSettings: false,
      path: "/status",
      interval: 30,
      timeout: 30,
      unhealthyThreshold: 3,
      statusCodes: ["200-399"],
    });
    expect(gw.backendHttpSettings.find((x) => x.name === s.entry.names.httpSettings)?.probeName).toBe(
      `${s.entry.clientName}-probe`,
    );
    expect((await ledgerOf(s.id)).map((r) => r.kind).sort()).toEqual([
      "backendHttpSettings",
      "backendPools",
      "listeners",
      "probes",
      "rules",
    ]);
    expect(gw.probes.map(strip)).toContainEqual(HAND_MADE);

    expect(await wish(s, true)).toBe("applied");
    const after = await gateway();
    expect(after.probes.map(strip)).toEqual(before.probes.map(strip));
    expect(await ledgerOf(s.id)).toEqual([]);
  }, 30_000);

  it("never takes over a hand-made probe with its name: that spoke is left out, the hand-made probe stays as it was", async () => {
    const before = await gateway();
    const squatter = await spokeWith(32, "handmade");
    expect(await wish(squatter)).toMatch(/health probe 'handmade-probe' exists on the gateway and belongs to no spoke/);
    const after = await gateway();
    expect(after.probes.map(strip)).toEqual(before.probes.map(strip));
    expect(after.backendPools.map((p) => p.name)).not.toContain("handmade-pool");
    // Its removal removes nothing it never owned.
    expect(await wish(squatter, true)).toBe("applied");
    expect((await gateway()).probes.map(strip)).toContainEqual(HAND_MADE);
  }, 30_000);
});
