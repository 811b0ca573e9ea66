import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_COMPUTE_THROTTLE, DEFAULT_THROTTLE } from "../../arm-simulator/throttle";
import { startSimulatedAzure } from "../testing";
import { rawRequest } from "./test-http";

let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
const rg = "hub-rg";
beforeAll(async () => {
  env = await startSimulatedAzure({ maxRetries: 0, timeScale: 0.01 });
});
afterAll(async () => {
  await env.stop();
});

describe("Compute's per-minute policies through the SDK (ARM-REFERENCE §7.2)", () => {
  it("every Compute answer names its policy's remaining count", async () => {
    const vm = `/subscriptions/${env.sim.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/no-vm?api-version=2024-07-01`;
    const answer = await rawRequest(env.sim.url, env.sim.caPem, "GET", vm);
    expect(answer.headers["x-ms-ratelimit-remaining-resource"]).toMatch(/^Microsoft\.Compute\/LowCostGet;\d+$/);
  });

  it("the gateway waits a Compute 429 out instead of handing it to the caller", async () => {
    // One VM GET per 50 s of Azure time (500 ms here), two in the bucket.
    const tight = {
      ...DEFAULT_COMPUTE_THROTTLE,
      policies: { ...DEFAULT_COMPUTE_THROTTLE.policies, LowCostGet: { size: 2, refillPerMinute: 1.2 } },
    };
    env.sim.configure({ throttle: { ...DEFAULT_THROTTLE, compute: tight } });
    env.sim.resetRequests();
    const t0 = Date.now();
    for (let i = 0; i < 4; i++) expect(await env.gateway.getVirtualMachine(rg, "no-such-vm")).toBeUndefined();
    // Two tokens, then one per 500 ms: the last two calls waited (refused once, then held by the budget).
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const log = env.sim.requests();
    expect(log.byOperation["virtualMachines.get"]).toBeGreaterThanOrEqual(4);
    // A refusal holds every later GET of the kind until Retry-After: at most one per waiting call.
    expect(log.throttled).toBeGreaterThanOrEqual(1);
    expect(log.throttled).toBeLessThanOrEqual(2);
    env.sim.configure({ throttle: DEFAULT_THROTTLE });
  });
});
