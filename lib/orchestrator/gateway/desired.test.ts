/**
 * update_agw's wait (ARCHITECTURE.md §7): a slow gateway PUT is progress, not failure. While a writer
 * holds the hub's lease the wait goes on up to its busy limit instead of handing the step back to
 * the retry policy (which would spend an attempt each time); with no writer it gives up as before.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { gatewayState } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { NotReadyError } from "../step-types";
import { waitForGatewayGeneration } from "./desired";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
}, 60_000);
afterAll(async () => t?.destroy());

const wait = (hub: string, busyTimeoutMs: number) =>
  waitForGatewayGeneration(t.db, hub, "00000000-0000-0000-0000-000000000001", 2, {
    signal: new AbortController().signal,
    timeoutMs: 100,
    busyTimeoutMs,
    pollMs: 10,
    nudge: async () => {},
  });

async function pending(hub: string, leaseHeld: boolean) {
  await t.db.insert(gatewayState).values({
    hub,
    desiredGeneration: 2,
    appliedGeneration: 1,
    ...(leaseHeld ? { leaseOwner: "writer-a", leaseUntil: new Date(Date.now() + 30_000) } : {}),
  });
}

it("waits past its timeout while the writer holds the lease, and returns when the PUT lands", async () => {
  await pending("rg/vnet/busy", true);
  const started = Date.now();
  setTimeout(() => {
    void t.db.update(gatewayState).set({ appliedGeneration: 2 }).where(eq(gatewayState.hub, "rg/vnet/busy")).execute();
  }, 600);
  await expect(wait("rg/vnet/busy", 5_000)).resolves.toEqual({ applied: 2 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(550);
});

it("gives the step back after its timeout when no writer holds the lease", async () => {
  await pending("rg/vnet/idle", false);
  const started = Date.now();
  await expect(wait("rg/vnet/idle", 5_000)).rejects.toBeInstanceOf(NotReadyError);
  expect(Date.now() - started).toBeLessThan(1_000);
});

it("gives up at the busy limit even while the lease is held", async () => {
  await pending("rg/vnet/stuck", true);
  const started = Date.now();
  await expect(wait("rg/vnet/stuck", 400)).rejects.toMatchObject({ code: "GatewayUpdatePending" });
  expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  expect(Date.now() - started).toBeLessThan(2_000);
});
