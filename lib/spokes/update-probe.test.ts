/**
 * Issue 13, gateway routing: the spoke's health probe. A new spoke gets `{client}-probe` on path "/"
 * (or its create's `health_probe_path`); a PATCH of `health_probe_path` is planned as the probe's path
 * difference alone and applied as exactly one merged gateway PUT that changes nothing but that path;
 * a bad path is refused; a hand-made probe with the spoke's name makes the create a 409; teardown
 * removes the probe. Real worker, simulator through the SDK.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import type { Actor } from "@/lib/auth/actor";
import type { CleanupReportData } from "@/lib/ledger/events";
import { fromAzure, toAzure } from "@/lib/orchestrator/gateway/adapter";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { onRequest } from "@/lib/orchestrator/testing/sim";
import { UPDATE_STEP_KEYS } from "@/lib/orchestrator/workflows";
import { createSpoke } from "./create-spoke";
import { teardownSpoke } from "./deployment-actions";
import { updateSpoke } from "./update-spoke";
import { planSpokeUpdate } from "./update-plan";

let h: Harness;
let alice: Actor;
let spokeId: string;
const RG = "hub-rg";
const WRITES = new Set(["PUT", "PATCH", "POST", "DELETE"]);

beforeAll(async () => {
  h = await startHarness();
  alice = await h.newUser();
  const created = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: 7, client_name: "probe-co", ssh_public_key: await testSshPublicKey() },
  });
  spokeId = created.id;
  expect((await h.waitForSpoke(spokeId, ["completed", "failed", "rolled_back"])).status).toBe("completed");
}, 120_000);
afterAll(async () => h?.stop());

/** The gateway as comparable data (no SDK objects). */
async function gatewayData() {
  const e = fromAzure((await h.azure.getApplicationGateway(RG, "hub-agw"))!);
  const strip = <T extends { raw?: unknown }>(list: T[]) => list.map(({ raw: _raw, ...rest }) => rest);
  return {
    backendPools: strip(e.backendPools),
    backendHttpSettings: strip(e.backendHttpSettings),
    listeners: strip(e.listeners),
    rules: strip(e.rules),
    probes: strip(e.probes),
  };
}

async function waitDeployment(ref: string, id: string) {
  const started = Date.now();
  for (;;) {
    const d = (await h.deploymentsOf(ref)).find((x) => x.id === id);
    if (d && ["succeeded", "failed", "canceled"].includes(d.status)) return d;
    if (Date.now() - started > 60_000) throw new Error(`deployment ${id} stayed ${d?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the spoke's gateway health probe", () => {
  it("is created with the spoke: {client}-probe on path /, used by the spoke's HTTP settings", async () => {
    const gw = await gatewayData();
    expect(gw.probes).toEqual([
      {
        name: "probe-co-probe",
        protocol: "Http",
        host: "127.0.0.1",
        pickHostNameFromBackendHttpSettings: false,
        path: "/",
        interval: 30,
        timeout: 30,
        unhealthyThreshold: 3,
        statusCodes: ["200-399"],
      },
    ]);
    expect(gw.backendHttpSettings.find((s) => s.name === "probe-co-http")).toMatchObject({
      port: 80,
      protocol: "Http",
      probeName: "probe-co-probe",
    });
  });

  it("PATCH health_probe_path: planned as the probe path alone, one merged gateway PUT, nothing else changes", async () => {
    const plan = await planSpokeUpdate({
      ctx: h.ctxFor(alice),
      input: { ref: spokeId, body: { health_probe_path: "/healthz?full=1" } },
    });
    expect(plan.changes).toEqual([
      expect.objectContaining({
        resource: expect.stringMatching(/\/applicationGateways\/hub-agw\/probes\/probe-co-probe$/),
        property: "path",
        before: "/",
        after: "/healthz?full=1",
        step: "update_agw",
        disruptive: false,
        destructive: false,
      }),
    ]);
    expect(plan.steps.filter((s) => s.action === "run").map((s) => s.key)).toEqual(["update_agw"]);
    expect(plan.confirmation.required).toBe(false);

    const before = await gatewayData();
    const writes: string[] = [];
    const stop = onRequest(h.sim, (method, operation) => {
      if (WRITES.has(method)) writes.push(`${method} ${operation}`);
    });
    let deploymentId: string;
    try {
      const result = await updateSpoke({
        ctx: h.ctxFor(alice),
        input: { ref: spokeId, body: { health_probe_path: "/healthz?full=1" } },
      });
      deploymentId = result.deployment_id!;
      expect(await waitDeployment(spokeId, deploymentId)).toMatchObject({ status: "succeeded" });
    } finally {
      stop();
    }
    expect(writes).toEqual(["PUT applicationGateways.createOrUpdate"]);
    const steps = await h.stepsOf(deploymentId);
    expect(Object.fromEntries([...steps].map(([k, s]) => [k, s.status]))).toEqual(
      Object.fromEntries(UPDATE_STEP_KEYS.map((k) => [k, k === "update_agw" ? "succeeded" : "skipped"])),
    );
    const after = await gatewayData();
    expect(after).toEqual({
      ...before,
      probes: before.probes.map((p) => (p.name === "probe-co-probe" ? { ...p, path: "/healthz?full=1" } : p)),
    });
    const spoke = await h.waitForSpoke(spokeId, ["completed"]);
    expect((spoke.desiredConfig as { routing?: unknown }).routing).toEqual({
      backendPort: 80,
      backendProtocol: "Http",
      healthProbePath: "/healthz?full=1",
    });
    // The same path again changes nothing.
    expect(
      await updateSpoke({
        ctx: h.ctxFor(alice),
        input: { ref: spokeId, body: { health_probe_path: "/healthz?full=1" } },
      }),
    ).toMatchObject({ status: "unchanged", deployment_id: null });
  }, 60_000);

  it("refuses a path that does not start with /, has a space or is longer than 255 characters", async () => {
    for (const path of ["healthz", "/health check", `/${"a".repeat(255)}`, ""]) {
      await expect(
        updateSpoke({ ctx: h.ctxFor(alice), input: { ref: spokeId, body: { health_probe_path: path } } }),
      ).rejects.toMatchObject({
        code: "bad_request",
        details: { fields: { health_probe_path: expect.stringMatching(/health_probe_path/) } },
      });
    }
    await expect(
      planSpokeUpdate({ ctx: h.ctxFor(alice), input: { ref: spokeId, body: { health_probe_path: "x" } } }),
    ).rejects.toMatchObject({ code: "bad_request" });
  });

  it("create takes health_probe_path; a hand-made probe with the spoke's probe name is a 409; teardown removes the probe", async () => {
    // A probe made by hand, named as client "taken"'s probe would be.
    const gw = (await h.azure.getApplicationGateway(RG, "hub-agw"))!;
    const entries = fromAzure(gw);
    entries.probes.push({
      name: "taken-probe",
      protocol: "Http",
      host: "example.org",
      pickHostNameFromBackendHttpSettings: false,
      path: "/",
      interval: 30,
      timeout: 30,
      unhealthyThreshold: 3,
      statusCodes: [],
    });
    await h.azure.putApplicationGateway(gw.handle, toAzure(gw, entries), { pollIntervalMs: 5 });
    await expect(
      createSpoke({
        ctx: h.ctxFor(alice),
        input: { spoke_id: 9, client_name: "taken", ssh_public_key: await testSshPublicKey() },
      }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/health probe 'taken-probe' exists and belongs to no spoke/),
    });
    await expect(
      createSpoke({
        ctx: h.ctxFor(alice),
        input: {
          spoke_id: 9,
          client_name: "bad-path",
          ssh_public_key: await testSshPublicKey(),
          health_probe_path: "status",
        },
      }),
    ).rejects.toMatchObject({
      code: "bad_request",
    });

    const created = await createSpoke({
      ctx: h.ctxFor(alice),
      input: {
        spoke_id: 8,
        client_name: "status-co",
        ssh_public_key: await testSshPublicKey(),
        health_probe_path: "/status",
      },
    });
    expect((await h.waitForSpoke(created.id, ["completed", "failed", "rolled_back"])).status).toBe("completed");
    expect((await gatewayData()).probes.find((p) => p.name === "status-co-probe")).toMatchObject({ path: "/status" });

    await teardownSpoke({ ctx: h.ctxFor(alice), input: { ref: created.id } });
    expect((await h.waitForSpoke(created.id, ["deleted", "delete_failed"])).status).toBe("deleted");
    const [, teardown] = await h.deploymentsOf(created.id);
    expect((teardown?.cleanupReport as CleanupReportData).outcome).toBe("verified");
    const left = await gatewayData();
    expect(left.probes.map((p) => p.name).sort()).toEqual(["probe-co-probe", "taken-probe"]);
    expect(left.backendHttpSettings.map((s) => s.name)).not.toContain("status-co-http");
  }, 120_000);
});
