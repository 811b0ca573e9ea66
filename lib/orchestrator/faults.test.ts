/**
 * Issue 4 item 2 (permanent half) and item 3: a permanent fault at each create step that touches
 * Azure → the rollback removes whatever exists (a lost reply's NIC, peerings created beside the
 * failing step, a Failed VM holding its NIC reserved) in dependency order, and the cloud ends
 * exactly as it was before the create — hub peerings and gateway entries included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmSimulator, FaultRule } from "@/lib/arm-simulator";
import { testSshPublicKey } from "@/lib/azure/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import type { CleanupReportData } from "@/lib/ledger/events";
import { startHarness, type Harness } from "./testing";
import { armAfter, firstIndex, hubSideAnswersInitiated, snapshot } from "./testing/sim";
import {
  CREATE_ROLLED_BACK_DEPLOYMENT,
  dependencyOrderViolations,
  deploymentLevel,
  expectedCreateSteps,
  expectedTeardownSteps,
  isRetriedThen,
  perStep,
} from "./testing/timeline";
import { TEARDOWN_WORKFLOW, type CreateStepKey } from "./workflows";

let h: Harness;
let sshKey: string;
beforeAll(async () => {
  // The simulator's clock and ours run at the same scale, as in production: the 180 s NIC
  // reservation becomes 1.8 s and delete_nic's backoff (2 s … 60 s) shrinks alike.
  h = await startHarness({ sim: { profile: "instant", timeScale: 0.01 }, timeScale: 0.01 });
  sshKey = await testSshPublicKey();
}, 60_000);
afterAll(async () => h?.stop());

const denied = { kind: "error", code: "AuthorizationFailed", status: 403, times: 1 } as const;

type Deleted = "vm" | "os_disk" | "nic" | "vnet" | "hub_peering" | "spoke_peering" | "agw";

interface Row {
  step: CreateStepKey;
  code: string;
  /** Installs the faults for spoke n. */
  arm(sim: ArmSimulator, n: number): void;
  /** What existed when the rollback ran, and so what it must report deleted. */
  deleted: Deleted[];
  createOverrides?: Record<string, string[]>;
}

const all: Deleted[] = ["vm", "os_disk", "nic", "vnet", "hub_peering", "spoke_peering", "agw"];
const fault = (rule: FaultRule) => rule;

const ROWS: Row[] = [
  {
    step: "validate_config",
    code: "AuthorizationFailed",
    deleted: [],
    arm: (sim) => sim.addFault(fault({ ...denied, operation: "resourceSkus.list" })),
  },
  {
    step: "create_vnet",
    code: "InvalidParameter",
    deleted: ["vnet"], // accepted, then Failed while polling: the VNet exists
    arm: (sim, n) =>
      sim.addFault({
        kind: "error",
        operation: "virtualNetworks.createOrUpdate",
        name: `spoke-vnet-${n}`,
        code: "InvalidParameter",
        phase: "async",
        times: 1,
      }),
  },
  {
    step: "create_subnets",
    code: "AuthorizationFailed",
    deleted: ["vnet", "hub_peering", "spoke_peering"],
    arm: (sim, n) => {
      // The spoke VNet GET before it is create_vnet's final LRO GET (pre-flight finds the name in the VNet list).
      armAfter(
        sim,
        { method: "GET", operation: "virtualNetworks.get", name: `spoke-vnet-${n}`, count: 1 },
        { ...denied, operation: "virtualNetworks.get", name: `spoke-vnet-${n}` },
      );
      // The peering PUT is still in flight when create_subnets fails.
      sim.addFault({
        kind: "latency",
        operation: "virtualNetworkPeerings.createOrUpdate",
        name: `hub-to-spoke-${n}`,
        latencyMs: 400,
        times: 1,
      });
    },
  },
  {
    step: "create_nic",
    code: "InvalidParameter",
    deleted: ["vnet", "hub_peering", "spoke_peering", "nic"], // the NIC exists only through the lost reply
    createOverrides: { create_nic: ["step.started", "step.retrying", "step.started", "step.failed"] },
    arm: (sim, n) => {
      const nic = { operation: "networkInterfaces.createOrUpdate", name: `spoke-vm-${n}-nic` };
      sim.addFault({ kind: "lostReply", ...nic, times: 1 });
      armAfter(
        sim,
        { method: "PUT", ...nic },
        { kind: "error", ...nic, code: "InvalidParameter", status: 400, times: 1 },
      );
    },
  },
  {
    step: "create_vm",
    code: "AllocationFailed",
    deleted: all, // the VM exists (Failed) with its OS disk; its NIC stays reserved for 180 s
    arm: (sim, n) =>
      sim.addFault({
        kind: "error",
        operation: "virtualMachines.createOrUpdate",
        name: `spoke-vm-${n}`,
        code: "AllocationFailed",
        phase: "async",
        times: 1,
      }),
  },
  {
    step: "wait_vm_ready",
    code: "AuthorizationFailed",
    deleted: all,
    // GETs of the VM before it: pre-flight's and create_vm's final LRO GET.
    arm: (sim, n) =>
      armAfter(
        sim,
        { method: "GET", operation: "virtualMachines.get", name: `spoke-vm-${n}`, count: 2 },
        { ...denied, operation: "virtualMachines.get", name: `spoke-vm-${n}` },
      ),
  },
  {
    step: "get_vm_private_ip",
    code: "AuthorizationFailed",
    deleted: all,
    // The NIC GET before it is create_nic's final LRO GET.
    arm: (sim, n) =>
      armAfter(
        sim,
        { method: "GET", operation: "networkInterfaces.get", name: `spoke-vm-${n}-nic` },
        { ...denied, operation: "networkInterfaces.get", name: `spoke-vm-${n}-nic` },
      ),
  },
  {
    step: "update_agw",
    code: "ApplicationGatewayInvalidConfiguration",
    deleted: ["vm", "os_disk", "nic", "vnet", "hub_peering", "spoke_peering"],
    arm: (sim) =>
      sim.addFault({
        kind: "error",
        operation: "applicationGateways.createOrUpdate",
        name: "hub-agw",
        code: "ApplicationGatewayInvalidConfiguration",
        status: 400,
        times: 1,
      }),
  },
  {
    step: "create_peering",
    code: "InvalidParameter",
    deleted: all, // the hub side succeeded beside the failing spoke side, which exists as Failed
    arm: (sim, n) =>
      sim.addFault({
        kind: "error",
        operation: "virtualNetworkPeerings.createOrUpdate",
        name: `spoke-${n}-to-hub`,
        code: "InvalidParameter",
        phase: "async",
        times: 1,
      }),
  },
  {
    step: "verify_connectivity",
    code: "AuthorizationFailed",
    deleted: all,
    // The hub-side GET before it is create_peering's final LRO GET, which answers Initiated because
    // the spoke side's PUT arrives late: verify_connectivity then reads that side itself.
    arm: (sim, n) => {
      hubSideAnswersInitiated(sim, n);
      armAfter(
        sim,
        { method: "GET", operation: "virtualNetworkPeerings.get", name: `hub-to-spoke-${n}` },
        { ...denied, operation: "virtualNetworkPeerings.get", name: `hub-to-spoke-${n}` },
      );
    },
  },
  {
    step: "save_to_storage",
    code: "AuthorizationFailed",
    deleted: all,
    // Its one read is the gateway: the second gateway GET after the gateway PUT (the first is the PUT's final LRO GET).
    arm: (sim) =>
      armAfter(
        sim,
        {
          method: "GET",
          operation: "applicationGateways.get",
          name: "hub-agw",
          following: { method: "PUT", operation: "applicationGateways.createOrUpdate", name: "hub-agw" },
        },
        { ...denied, operation: "applicationGateways.get", name: "hub-agw" },
      ),
  },
];

describe("a permanent fault at each create step rolls back to exactly the cloud before the create", () => {
  it.each(ROWS.map((row, i) => ({ ...row, n: 11 + i })))(
    "$step ($code)",
    async (row) => {
      const alice = await h.newUser();
      const client = `perm-${row.step.replace(/_/g, "-")}`;
      const before = snapshot(h.sim);
      h.sim.resetRequests();
      row.arm(h.sim, row.n);
      const created = await createSpoke({
        ctx: h.ctxFor(alice),
        input: { spoke_id: row.n, client_name: client, ssh_public_key: sshKey },
      });
      const spoke = await h.waitForSpoke(created.id, ["completed", "rolled_back", "rollback_failed", "failed"]);
      h.sim.clearFaults();

      const [create, rollback, ...more] = await h.deploymentsOf(created.id);
      expect(more).toEqual([]);
      expect({
        status: create?.status,
        step: create?.errorStep,
        code: create?.errorCode,
        class: create?.errorClass,
      }).toEqual({ status: "failed", step: row.step, code: row.code, class: "permanent" });
      expect(spoke.status, JSON.stringify(rollback?.cleanupReport)).toBe("rolled_back");
      expect(rollback).toMatchObject({ kind: "rollback", status: "succeeded", parentId: create?.id });
      expect((rollback?.cleanupReport as CleanupReportData).outcome).toBe("verified");
      expect(snapshot(h.sim)).toEqual(before);

      // The rollback found each resource by GET, whatever the create's steps had recorded.
      const steps = await h.stepsOf(rollback!.id);
      const out = (k: string) => steps.get(k)?.outputs as Record<string, unknown>;
      const deleted: Deleted[] = [];
      if (out("delete_vm").deleted) deleted.push("vm");
      if (out("delete_os_disk").deleted) deleted.push("os_disk");
      if (out("delete_nic").deleted) deleted.push("nic");
      if (out("delete_vnet").deleted) deleted.push("vnet");
      if (out("delete_peerings").hubSide === "deleted") deleted.push("hub_peering");
      if (out("delete_peerings").spokeSide === "deleted") deleted.push("spoke_peering");
      const agwRemoved = (await h.events(created.id)).some(
        (e) => e.type === "gateway.applied" && (e.data as { removed?: string[] }).removed?.includes(`${client}-pool`),
      );
      if (agwRemoved) deleted.push("agw");
      expect(deleted.sort()).toEqual([...row.deleted].sort());

      // Dependency order: by step timestamps, and in what Azure was asked.
      expect(dependencyOrderViolations(TEARDOWN_WORKFLOW, steps)).toEqual([]);
      const del = (operation: string, name: string) =>
        firstIndex(h.sim, { method: "DELETE", operation, name }, { ok: true });
      const vmGone = del("virtualMachines.delete", `spoke-vm-${row.n}`);
      const nicGone = del("networkInterfaces.delete", `spoke-vm-${row.n}-nic`);
      const vnetGone = del("virtualNetworks.delete", `spoke-vnet-${row.n}`);
      if (row.deleted.includes("vm")) expect(vmGone).toBeLessThan(del("disks.delete", `spoke-vm-${row.n}-osdisk`));
      if (row.deleted.includes("vm")) expect(vmGone).toBeLessThan(nicGone);
      if (row.deleted.includes("nic")) expect(nicGone).toBeLessThan(vnetGone);
      if (row.deleted.includes("hub_peering"))
        expect(del("virtualNetworkPeerings.delete", `hub-to-spoke-${row.n}`)).toBeLessThan(vnetGone);

      // Item 8: the exact event sequence, per step and at deployment level.
      const events = await h.events(created.id);
      expect(deploymentLevel(events)).toEqual(CREATE_ROLLED_BACK_DEPLOYMENT);
      expect(perStep(events, create!.id)).toEqual(expectedCreateSteps(row.step, row.createOverrides));
      const rb = perStep(events, rollback!.id);
      if (row.step === "create_vm") {
        // Item 3: NicReservedForAnotherVm after the failed VM create is waited out, not fatal.
        expect(isRetriedThen(rb.delete_nic, "step.succeeded"), rb.delete_nic?.join(" ")).toBe(true);
        const codes = events
          .filter((e) => e.step === "delete_nic" && e.type === "step.retrying")
          .map((e) => (e.data as { error: { code: string } }).error.code);
        expect(new Set(codes)).toEqual(new Set(["NicReservedForAnotherVm"]));
        rb.delete_nic = ["step.started", "step.succeeded"];
      }
      expect(rb).toEqual(expectedTeardownSteps());
    },
    30_000,
  );

  it("create_subnets: the peering was still running when the step failed, and was removed all the same", async () => {
    // Timestamps of the create_subnets row above: the concurrent branch overlapped the failure.
    const spokes = await h.db.db.query.spokes.findMany({ where: (s, { eq }) => eq(s.spokeNumber, 13) });
    const [create] = await h.deploymentsOf(spokes[0]!.id);
    const steps = await h.stepsOf(create!.id);
    const t = (k: string, f: "startedAt" | "finishedAt") => steps.get(k)![f]!.getTime();
    expect(t("create_peering", "startedAt")).toBeLessThanOrEqual(t("create_subnets", "finishedAt"));
    expect(t("create_peering", "finishedAt")).toBeGreaterThan(t("create_subnets", "finishedAt"));
  });
});
