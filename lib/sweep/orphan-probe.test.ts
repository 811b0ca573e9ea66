/**
 * Orphan sweep of health probes (issue 13): a probe named like a spoke's (`<client>-probe`) that no
 * live spoke owns is reported and cleaned up through the single writer; a live spoke's probe and a
 * hand-made probe with other naming stay. Real simulator through the SDK.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { cleanupOrphansVerb, getOrphanReport, type OrphanCtx } from "./verbs";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.stop());

it("reports an unowned <client>-probe and removes exactly it; the live spoke's probe and a hand-made one stay", async () => {
  const admin = await h.newUser("admin");
  const alice = await h.newUser();
  const created = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: 32, client_name: "keeper", ssh_public_key: await testSshPublicKey() },
  });
  expect((await h.waitForSpoke(created.id, ["completed", "failed", "rolled_back"])).status).toBe("completed");
  const ctx: OrphanCtx = { ...h.ctxFor(admin), enqueueGatewayReconcile: h.worker.deps.enqueueGatewayReconcile };

  const gw = (await h.azure.getApplicationGateway("hub-rg", "hub-agw"))!;
  const probe = {
    protocol: "Http" as const,
    host: "127.0.0.1",
    path: "/",
    interval: 30,
    timeout: 30,
    unhealthyThreshold: 3,
  };
  await h.azure.putApplicationGateway(gw.handle, {
    ...gw,
    probes: [...gw.probes, { name: "stray-probe", ...probe }, { name: "marketing-check", ...probe }],
  });

  const report = await getOrphanReport({ ctx });
  expect(
    report.orphans.map((o) => ({ category: o.category, name: o.name, entry_kind: o.entry_kind, type: o.type })),
  ).toEqual([{ category: "gateway_entry", name: "stray-probe", entry_kind: "probes", type: "probes" }]);
  const cleaned = await cleanupOrphansVerb({ ctx, input: { all: true } });
  expect(cleaned.verified).toBe(true);
  expect(cleaned.items.map((i) => [i.name, i.outcome])).toEqual([["stray-probe", "removed"]]);
  const after = (await h.azure.getApplicationGateway("hub-rg", "hub-agw"))!;
  expect(after.probes.map((p) => p.name).sort()).toEqual(["keeper-probe", "marketing-check"]);
  expect((await getOrphanReport({ ctx })).orphans).toEqual([]);
}, 120_000);
