import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { getSpoke } from "@/lib/spokes/get-spoke";
import { startHarness, type Harness } from "./testing";

let h: Harness;
let sshKey: string;
beforeAll(async () => {
  // Realistic latencies, 100× faster: the VM create takes long enough that the parallel branches visibly overlap it.
  h = await startHarness({ sim: { profile: "realistic", timeScale: 0.01, seed: 7 }, timeScale: 0.01 });
  sshKey = await testSshPublicKey();
}, 60_000);
afterAll(async () => h?.stop());

describe("create workflow", () => {
  it("runs the 11 steps as a DAG and leaves exactly the spoke's resources, tagged, with the gateway entries", async () => {
    const alice = await h.newUser();
    const ctx = h.ctxFor(alice);
    // Azure's peering (~10 s) and the subnets + NIC path before the VM (~7 s) are close; on a loaded
    // machine either may win. A slow peering makes the overlap with create_vm certain.
    h.sim.addFault({
      kind: "latency",
      operation: "virtualNetworkPeerings.createOrUpdate",
      name: "hub-to-spoke-7",
      latencyMs: 1_500,
      times: 1,
    });
    const created = await createSpoke({
      ctx,
      input: { spoke_id: 7, client_name: "acme-corp", ssh_public_key: sshKey },
    });
    expect(created.status).toBe("in_progress");
    const spoke = await h.waitForSpoke(created.id, ["completed", "failed", "rolling_back", "rolled_back"]);
    const view = await getSpoke({ ctx, input: { ref: created.id } });
    expect(spoke.status, JSON.stringify(view.deployment?.error)).toBe("completed");

    const steps = new Map(view.deployment!.steps.map((s) => [s.key, s]));
    expect([...steps.values()].every((s) => s.status === "succeeded")).toBe(true);
    const t = (k: string, f: "started_at" | "completed_at") => Date.parse(steps.get(k)![f]!);
    // Peering and the gateway update run while the VM is being created.
    for (const k of ["create_peering", "update_agw"]) {
      expect(t(k, "started_at")).toBeLessThan(t("create_vm", "completed_at"));
      expect(t(k, "completed_at")).toBeGreaterThan(t("create_vm", "started_at"));
    }

    const inv = h.sim
      .inventory()
      .resources.filter((r) => r.tags?.["spoke-id"] === "7" || /spoke-7|spoke-vm-7|spoke-vnet-7/.test(r.name));
    const byType = (type: string) =>
      inv
        .filter((r) => r.type.toLowerCase() === type.toLowerCase())
        .map((r) => r.name)
        .sort();
    expect(byType("Microsoft.Network/virtualNetworks")).toEqual(["spoke-vnet-7"]);
    expect(byType("Microsoft.Network/virtualNetworks/subnets")).toEqual([
      "spoke-7-db-subnet",
      "spoke-7-kv-subnet",
      "spoke-7-vm-subnet",
      "spoke-7-workspace-subnet",
    ]);
    expect(byType("Microsoft.Network/networkInterfaces")).toEqual(["spoke-vm-7-nic"]);
    expect(byType("Microsoft.Compute/virtualMachines")).toEqual(["spoke-vm-7"]);
    expect(byType("Microsoft.Compute/disks")).toEqual(["spoke-vm-7-osdisk"]);
    const vnet = inv.find((r) => r.name === "spoke-vnet-7");
    expect(vnet?.tags).toMatchObject({
      "managed-by": "hub-spoke-console",
      "spoke-id": "7",
      "client-name": "acme-corp",
      owner: alice.id,
      "deployment-id": view.deployment!.id,
    });

    const nic = await h.azure.getNetworkInterface("hub-rg", "spoke-vm-7-nic");
    expect(nic?.privateIpAddress).toBe("10.11.7.4");
    const gw = await h.azure.getApplicationGateway("hub-rg", "hub-agw");
    expect(gw?.backendAddressPools.find((p) => p.name === "acme-corp-pool")?.addresses).toEqual([
      { ipAddress: "10.11.7.4" },
    ]);
    expect(gw?.backendHttpSettings.find((s) => s.name === "acme-corp-http")).toMatchObject({
      port: 80,
      protocol: "Http",
      cookieBasedAffinity: "Disabled",
    });
    expect(gw?.httpListeners.find((l) => l.name === "acme-corp-listener")?.hostNames).toEqual([
      "acme-corp.spokes.example.com",
    ]);
    expect(gw?.requestRoutingRules.find((r) => r.name === "acme-corp-route")?.priority).toBe(1007);
    expect(gw?.backendAddressPools.some((p) => p.name === "defaultPool")).toBe(true);

    const hubSide = await h.azure.getPeering("hub-rg", "hub-vnet", "hub-to-spoke-7");
    const spokeSide = await h.azure.getPeering("hub-rg", "spoke-vnet-7", "spoke-7-to-hub");
    expect([hubSide?.peeringState, spokeSide?.peeringState]).toEqual(["Connected", "Connected"]);

    const types = await h.eventTypes(created.id);
    expect(types[0]).toBe("deployment.queued");
    expect(types[1]).toBe("deployment.started");
    expect(types.at(-1)).toBe("deployment.succeeded");
    expect(types.filter((x) => x === "step.succeeded")).toHaveLength(11);
  }, 90_000);
});
