/**
 * Issue 13 "What-if" for a teardown, through the real worker and the simulator (SDK clients): the
 * plan lists exactly the spoke's resources and gateway entries with their live properties, all
 * destructive, and makes no ARM write; another user gets 404; a VM deleted by hand shows as
 * already gone; the teardown then deletes exactly what the plan listed. DELETE's optional typed
 * confirmation: a wrong one is 409 confirmation_required and starts nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import type { Actor } from "@/lib/auth/actor";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { onRequest, removed, snapshot, spokeFootprint } from "@/lib/orchestrator/testing/sim";
import { createSpoke } from "./create-spoke";
import { teardownSpoke } from "./deployment-actions";
import { planTeardown, type TeardownPlan, type TeardownResource } from "./teardown-plan";

let h: Harness;
let alice: Actor;
let bob: Actor;
let admin: Actor;
const spokes = { a: "", b: "" };
const RG = "hub-rg";

beforeAll(async () => {
  h = await startHarness();
  [alice, bob, admin] = await Promise.all([h.newUser(), h.newUser(), h.newUser("admin")]);
  const key = await testSshPublicKey();
  const a = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: 7, client_name: "plan-corp", ssh_public_key: key },
  });
  const b = await createSpoke({
    ctx: h.ctxFor(alice),
    input: { spoke_id: 8, client_name: "other-corp", ssh_public_key: key },
  });
  spokes.a = a.id;
  spokes.b = b.id;
  for (const id of [a.id, b.id])
    expect((await h.waitForSpoke(id, ["completed", "failed", "rolled_back"])).status).toBe("completed");
}, 120_000);
afterAll(async () => h?.stop());

/** `type:name` as spokeFootprint and removed() write them (the ARM type's last segment). */
const label = (r: TeardownResource) => `${r.type.split("/").pop()}:${r.name}`;
const labels = (rs: TeardownResource[]) => rs.map(label).sort();
const byLabel = (plan: TeardownPlan, l: string) => plan.deletes.find((r) => label(r) === l);

/** Runs the plan and returns it with every request it made to Azure ("METHOD operation"). */
async function planWithLog(actor: Actor, ref: string) {
  const requests: string[] = [];
  const stop = onRequest(h.sim, (method, operation) => requests.push(`${method} ${operation}`));
  try {
    return { plan: await planTeardown({ ctx: h.ctxFor(actor), input: { ref } }), requests };
  } finally {
    stop();
  }
}

describe("teardown plan", () => {
  it("lists exactly the spoke's resources and gateway entries with live properties, all destructive, with no ARM write", async () => {
    const { plan, requests } = await planWithLog(alice, spokes.a);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => !r.startsWith("GET "))).toEqual([]);
    expect(labels(plan.deletes)).toEqual(spokeFootprint(7, "plan-corp"));
    expect(plan.deletes.every((r) => r.destructive)).toBe(true);
    expect(plan.already_gone).toEqual([]);
    expect(plan.left_alone.resources).toEqual([]);
    expect(plan).toMatchObject({
      spoke_id: 7,
      client_name: "plan-corp",
      destructive: true,
      blocked: null,
      confirmation: { required: true, phrase: "plan-corp" },
    });
    // Workflow order: the gateway entries first, the VNet and its subnets last.
    expect(plan.deletes[0]?.step).toBe("remove_agw_entries");
    expect(plan.deletes.at(-1)?.step).toBe("delete_vnet");

    const nic = await h.azure.getNetworkInterface(RG, "spoke-vm-7-nic");
    const vnet = await h.azure.getVirtualNetwork(RG, "spoke-vnet-7");
    expect(nic?.privateIpAddress).toBeTruthy();
    expect(byLabel(plan, "virtualMachines:spoke-vm-7")?.properties).toMatchObject({
      vm_size: "Standard_B2s",
      power_state: "running",
      private_ip: nic?.privateIpAddress,
    });
    expect(byLabel(plan, "networkInterfaces:spoke-vm-7-nic")?.properties).toMatchObject({
      private_ip: nic?.privateIpAddress,
      virtual_machine: "spoke-vm-7",
    });
    expect(byLabel(plan, "disks:spoke-vm-7-osdisk")?.properties).toMatchObject({ managed_by: "spoke-vm-7" });
    expect(byLabel(plan, "virtualNetworks:spoke-vnet-7")?.properties).toMatchObject({
      address_space: vnet?.addressPrefixes,
    });
    for (const p of ["virtualNetworkPeerings:hub-to-spoke-7", "virtualNetworkPeerings:spoke-7-to-hub"]) {
      expect(byLabel(plan, p)?.properties, p).toMatchObject({ peering_state: "Connected", sync_level: "FullyInSync" });
    }
    expect(byLabel(plan, "virtualNetworkPeerings:hub-to-spoke-7")?.properties).toMatchObject({
      remote_vnet: vnet?.id,
      remote_address_space: vnet?.addressPrefixes,
    });
    expect(byLabel(plan, "backendAddressPools:plan-corp-pool")?.properties).toEqual({
      ipAddresses: [nic?.privateIpAddress],
    });
    expect(byLabel(plan, "httpListeners:plan-corp-listener")?.properties).toMatchObject({
      hostName: "plan-corp.spokes.example.com",
    });
    expect(plan.releases).toEqual({
      address_prefix: vnet?.addressPrefixes[0],
      spoke_number: 7,
      client_name: "plan-corp",
    });

    // The merged PUT removes this spoke's five entries and nothing else; the rest is counted.
    expect(plan.gateway).toMatchObject({ put: true, other_changes: [] });
    expect([...plan.gateway.removes].sort()).toEqual([
      "plan-corp-http",
      "plan-corp-listener",
      "plan-corp-pool",
      "plan-corp-probe",
      "plan-corp-route",
    ]);
    const gw = await h.azure.getApplicationGateway(RG, "hub-agw");
    const total =
      (gw?.backendAddressPools.length ?? 0) +
      (gw?.backendHttpSettings.length ?? 0) +
      (gw?.httpListeners.length ?? 0) +
      (gw?.requestRoutingRules.length ?? 0) +
      (gw?.probes.length ?? 0);
    expect(plan.left_alone.gateway_entries.other_spokes).toBe(5);
    expect(plan.left_alone.gateway_entries.hub_defaults).toBe(total - 10);
    expect(plan.left_alone.gateway_entries.hub_defaults).toBeGreaterThan(0);
    expect(plan.left_alone.hub_peerings).toBe(1);
  }, 30_000);

  it("is 404 to another user, open to an admin", async () => {
    for (const ref of [spokes.a, "7"]) {
      await expect(planTeardown({ ctx: h.ctxFor(bob), input: { ref } })).rejects.toMatchObject({
        code: "not_found",
        message: `Spoke ${ref} not found`,
      });
    }
    const { plan } = await planWithLog(admin, "7");
    expect(plan.id).toBe(spokes.a);
  }, 30_000);

  it("is rate-limited like the create plan (the same per-user limit); another user's 404 costs nothing", async () => {
    const carol = { ...h.ctxFor(await h.newUser()), limits: { plan: 1 } };
    for (let i = 0; i < 2; i++)
      await expect(planTeardown({ ctx: carol, input: { ref: spokes.a } })).rejects.toMatchObject({ code: "not_found" });
    const adm = { ...h.ctxFor(await h.newUser("admin")), limits: { plan: 1 } };
    await planTeardown({ ctx: adm, input: { ref: spokes.a } });
    await expect(planTeardown({ ctx: adm, input: { ref: spokes.a } })).rejects.toMatchObject({ code: "rate_limited" });
  }, 30_000);

  it("shows a VM deleted by hand as already gone, and the rest still to delete", async () => {
    await h.azure.deleteVirtualMachine(RG, "spoke-vm-8", { forceDeletion: true });
    const { plan, requests } = await planWithLog(alice, spokes.b);
    expect(requests.filter((r) => !r.startsWith("GET "))).toEqual([]);
    expect(labels(plan.already_gone)).toContain("virtualMachines:spoke-vm-8");
    expect(plan.already_gone.find((r) => r.name === "spoke-vm-8")).toMatchObject({
      destructive: false,
      properties: {},
      step: "delete_vm",
    });
    expect(labels(plan.deletes)).not.toContain("virtualMachines:spoke-vm-8");
    // Everything of the spoke is either still to delete or already gone.
    expect([...labels(plan.deletes), ...labels(plan.already_gone)].sort()).toEqual(spokeFootprint(8, "other-corp"));
    const nic = byLabel(plan, "networkInterfaces:spoke-vm-8-nic");
    if (nic) expect(nic.properties.virtual_machine).toBeNull();
    expect(plan.left_alone.gateway_entries.other_spokes).toBe(5);
  }, 30_000);

  it("DELETE's confirmation: a wrong name is 409 confirmation_required and starts nothing; the teardown then deletes exactly what the plan listed", async () => {
    const wrong = await teardownSpoke({ ctx: h.ctxFor(alice), input: { ref: spokes.a, confirm: "plan-corp " } }).catch(
      (e: unknown) => e,
    );
    expect(wrong).toMatchObject({
      code: "conflict",
      details: { reason: "confirmation_required", confirm: "plan-corp" },
    });
    expect((await h.deploymentsOf(spokes.a)).map((d) => d.kind)).toEqual(["create"]);
    // Another user's confirmation is never looked at: 404.
    const unread = Promise.reject(new Error("a bad body, never read for another user"));
    unread.catch(() => {}); // as deferredConfirm does: awaited, if at all, by the verb
    await expect(
      teardownSpoke({ ctx: h.ctxFor(bob), input: { ref: spokes.a, confirm: unread } }),
    ).rejects.toMatchObject({ code: "not_found" });

    const { plan } = await planWithLog(alice, spokes.a);
    const before = snapshot(h.sim);
    const started = await teardownSpoke({
      ctx: h.ctxFor(alice),
      input: { ref: spokes.a, confirm: Promise.resolve("plan-corp") },
    });
    expect(started.kind).toBe("teardown");
    expect((await h.waitForSpoke(spokes.a, ["deleted", "delete_failed"])).status).toBe("deleted");
    expect(removed(before, snapshot(h.sim))).toEqual(labels(plan.deletes));
    await expect(planTeardown({ ctx: h.ctxFor(alice), input: { ref: spokes.a } })).rejects.toMatchObject({
      code: "conflict",
    });

    // No confirmation at all (the Flask original's DELETE) still tears down.
    const plain = await teardownSpoke({
      ctx: h.ctxFor(alice),
      input: { ref: spokes.b, confirm: Promise.resolve(undefined) },
    });
    expect(plain.kind).toBe("teardown");
    expect((await h.waitForSpoke(spokes.b, ["deleted", "delete_failed"])).status).toBe("deleted");
  }, 60_000);
});
