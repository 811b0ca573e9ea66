/**
 * Drift of the spoke's health probe (issue 13): its path changed by hand, or its HTTP settings no
 * longer using it, is reported as exactly those differences, to be re-applied by update_agw; a
 * forced update_agw restores both. Real simulator through the SDK.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { updateSpoke } from "@/lib/spokes/update-spoke";
import { checkSpokeDrift } from "./check";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.stop());

it("reports a probe path changed and settings left without the probe in Azure; a forced update_agw restores them", async () => {
  const alice = await h.newUser();
  const created = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: 22, client_name: "probey", ssh_public_key: await testSshPublicKey(), health_probe_path: "/up" },
  });
  expect((await h.waitForSpoke(created.id, ["completed", "failed", "rolled_back"])).status).toBe("completed");
  const deps = { db: h.db.db, azure: h.azure };
  expect(await checkSpokeDrift(deps, created.id)).toMatchObject({ status: "in_sync", differences: [] });

  const gw = (await h.azure.getApplicationGateway("hub-rg", "hub-agw"))!;
  await h.azure.putApplicationGateway(gw.handle, {
    ...gw,
    probes: gw.probes.map((p) => (p.name === "probey-probe" ? { ...p, path: "/" } : p)),
    backendHttpSettings: gw.backendHttpSettings.map((s) =>
      s.name === "probey-http" ? { ...s, probeId: undefined } : s,
    ),
  });
  const drifted = await checkSpokeDrift(deps, created.id);
  expect(drifted.status).toBe("drifted");
  expect(
    drifted.differences.map(({ resource, property, expected, actual, step }) => ({
      resource,
      property,
      expected,
      actual,
      step,
    })),
  ).toEqual([
    {
      resource: "applicationGateways/hub-agw/backendHttpSettingsCollection/probey-http",
      property: "probe",
      expected: "probey-probe",
      actual: null,
      step: "update_agw",
    },
    {
      resource: "applicationGateways/hub-agw/probes/probey-probe",
      property: "path",
      expected: "/up",
      actual: "/",
      step: "update_agw",
    },
  ]);

  const repair = await updateSpoke({ ctx: h.ctxFor(alice), input: { ref: created.id, body: { force: "update_agw" } } });
  const started = Date.now();
  for (;;) {
    const d = (await h.deploymentsOf(created.id)).find((x) => x.id === repair.deployment_id);
    if (d?.status === "succeeded") break;
    if (d?.status === "failed" || Date.now() - started > 60_000) throw new Error(`repair ended ${d?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(await checkSpokeDrift(deps, created.id)).toMatchObject({ status: "in_sync", differences: [] });
}, 90_000);
