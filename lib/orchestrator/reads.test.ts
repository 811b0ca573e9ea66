/**
 * Issue 11: a create makes no read it does not need. Pre-flight learns whether the VNet name is
 * taken from the subscription's VNet list (no GET of the spoke VNet), and verify_connectivity
 * reads no peering side that create_peering's PUT already answered Connected: the only peering
 * GETs are the two PUTs' final LRO GETs.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spokes } from "@/db/schema";
import { testSshPublicKey } from "@/lib/azure/testing";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import { createSpoke } from "@/lib/spokes/create-spoke";
import type { StepContext } from "./step-types";
import { verifyConnectivity } from "./steps/create-network";
import { startHarness, type Harness } from "./testing";
import { requestsMatching } from "./testing/sim";

let h: Harness;
let sshKey: string;
beforeAll(async () => {
  h = await startHarness({ sim: { profile: "instant" }, timeScale: 0.001 });
  sshKey = await testSshPublicKey();
}, 60_000);
afterAll(async () => h?.stop());

describe("reads of one create", () => {
  it("reads each spoke resource only where a step needs it", async () => {
    const n = 61;
    const alice = await h.newUser();
    h.sim.resetRequests();
    const created = await createSpoke({
      ctx: h.ctxFor(alice),
      input: { spoke_id: n, client_name: "reads", ssh_public_key: sshKey },
    });
    expect((await h.waitForSpoke(created.id, ["completed", "rolled_back", "failed"])).status).toBe("completed");
    const count = (operation: string, name: string) =>
      requestsMatching(h.sim, { method: "GET", operation, name }).length;
    // create_vnet's final LRO GET and create_subnets' one GET; none from pre-flight.
    expect(count("virtualNetworks.get", `spoke-vnet-${n}`)).toBe(2);
    // The two PUTs' final LRO GETs, both Connected: verify_connectivity reads neither side again.
    expect(count("virtualNetworkPeerings.get", `hub-to-spoke-${n}`)).toBe(1);
    expect(count("virtualNetworkPeerings.get", `spoke-${n}-to-hub`)).toBe(1);
    // Pre-flight's name check (404), create_vm's final LRO GET, wait_vm_ready's instance view.
    expect(count("virtualMachines.get", `spoke-vm-${n}`)).toBe(3);
  }, 30_000);

  it("verify_connectivity trusts create_peering's answers only in the process that heard them", async () => {
    const n = 62;
    const alice = await h.newUser();
    const created = await createSpoke({
      ctx: h.ctxFor(alice),
      input: { spoke_id: n, client_name: "resumed", ssh_public_key: sshKey },
    });
    expect((await h.waitForSpoke(created.id, ["completed", "rolled_back", "failed"])).status).toBe("completed");
    const [deployment] = await h.deploymentsOf(created.id);
    const peering = (await h.stepsOf(deployment!.id)).get("create_peering")!.outputs;
    const [spoke] = await h.db.db.select().from(spokes).where(eq(spokes.id, created.id));
    const config = spoke!.desiredConfig as SpokeConfig;
    // verify_connectivity's first attempt, run in this process and in another one (a resume after a crash).
    const verifyIn = async (workerId: string) => {
      h.sim.resetRequests();
      const ctx = {
        deps: { ...h.worker.deps, workerId },
        deployment: deployment!,
        spoke: spoke!,
        config,
        attempt: 1,
        signal: new AbortController().signal,
        lro: { pollIntervalMs: 5 },
        outputsOf: (step: { key: string }) => (step.key === "create_peering" ? peering : undefined),
        sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms * 0.001)),
      } as unknown as StepContext;
      await verifyConnectivity.run(ctx, verifyConnectivity.inputs(config));
      return requestsMatching(h.sim, { method: "GET", operation: "virtualNetworkPeerings.get" }).length;
    };
    expect(await verifyIn(h.worker.deps.workerId)).toBe(0);
    expect(await verifyIn("another-process")).toBe(2);
  }, 30_000);
});
