import { describe, expect, it } from "vitest";
import { dagErrors, runDag, topologicalOrder } from "./dag";
import {
  CREATE_STEP_KEYS,
  CREATE_WORKFLOW,
  progressPercentage,
  STEP_LABELS,
  stepLabel,
  TEARDOWN_STEP_KEYS,
  TEARDOWN_WORKFLOW,
  workflowFor,
} from "./workflows";

const deps = (steps: typeof CREATE_WORKFLOW | typeof TEARDOWN_WORKFLOW) =>
  Object.fromEntries(steps.map((s) => [s.key, [...s.dependsOn].sort()]));

/** Transitive dependencies of a step. */
function ancestors(steps: readonly { key: string; dependsOn: readonly string[] }[], key: string): Set<string> {
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const seen = new Set<string>();
  const walk = (k: string) => byKey.get(k)?.dependsOn.forEach((d) => !seen.has(d) && (seen.add(d), walk(d)));
  walk(key);
  return seen;
}

describe("create workflow (ARCHITECTURE.md §5.1)", () => {
  it("has exactly the original's 11 keys and is a valid DAG", () => {
    expect(CREATE_WORKFLOW.map((s) => s.key).sort()).toEqual([...CREATE_STEP_KEYS].sort());
    expect(CREATE_WORKFLOW).toHaveLength(11);
    expect(dagErrors(CREATE_WORKFLOW)).toEqual([]);
  });

  it("has the drawn dependencies", () => {
    expect(deps(CREATE_WORKFLOW)).toEqual({
      validate_config: [],
      create_vnet: ["validate_config"],
      create_subnets: ["create_vnet"],
      create_nic: ["create_subnets"],
      create_vm: ["create_nic"],
      wait_vm_ready: ["create_vm"],
      get_vm_private_ip: ["wait_vm_ready"],
      update_agw: ["create_nic"],
      create_peering: ["create_vnet"],
      verify_connectivity: ["create_peering"],
      save_to_storage: ["get_vm_private_ip", "update_agw", "verify_connectivity"],
    });
  });

  it("runs peering and the gateway update beside the VM, not after it", () => {
    for (const key of ["create_peering", "update_agw", "verify_connectivity"]) {
      expect(ancestors(CREATE_WORKFLOW, key).has("create_vm")).toBe(false);
      expect(ancestors(CREATE_WORKFLOW, "create_vm").has(key)).toBe(false);
    }
  });

  it("executes with create_vm, update_agw and create_peering in flight together", async () => {
    const inFlight = new Set<string>();
    let overlapSeen = false;
    await runDag(CREATE_WORKFLOW, {
      async executeStep(step) {
        inFlight.add(step.key);
        if (["create_vm", "update_agw", "create_peering"].every((k) => inFlight.has(k))) overlapSeen = true;
        // Peering is slow in Azure too (two PUTs and a sync); it must not hold up the VM.
        const ms = { create_peering: 80, create_vm: 30 }[step.key as string] ?? 5;
        await new Promise((r) => setTimeout(r, ms));
        inFlight.delete(step.key);
        return "succeeded";
      },
    });
    expect(overlapSeen).toBe(true);
  });
});

describe("teardown and rollback workflow (ARCHITECTURE.md §5.2)", () => {
  it("has the eight keys and is a valid DAG", () => {
    expect(TEARDOWN_WORKFLOW.map((s) => s.key).sort()).toEqual([...TEARDOWN_STEP_KEYS].sort());
    expect(dagErrors(TEARDOWN_WORKFLOW)).toEqual([]);
  });

  it("deletes in dependency order and verifies only after every deletion", () => {
    const order: string[] = topologicalOrder(TEARDOWN_WORKFLOW).map((s) => s.key);
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before("remove_agw_entries", "delete_vm");
    before("delete_vm", "delete_nic");
    before("delete_vm", "delete_os_disk");
    before("delete_nic", "delete_vnet");
    before("delete_peerings", "delete_vnet");
    const verifyAfter = ancestors(TEARDOWN_WORKFLOW, "verify_cleanup");
    for (const key of TEARDOWN_STEP_KEYS.filter((k) => !["verify_cleanup", "release_address"].includes(k))) {
      expect(verifyAfter.has(key)).toBe(true);
    }
    expect(deps(TEARDOWN_WORKFLOW).release_address).toEqual(["verify_cleanup"]);
  });

  it("picks the graph by deployment kind", () => {
    expect(workflowFor("create")).toBe(CREATE_WORKFLOW);
    expect(workflowFor("rollback")).toBe(TEARDOWN_WORKFLOW);
    expect(workflowFor("teardown")).toBe(TEARDOWN_WORKFLOW);
  });
});

describe("labels and progress", () => {
  it("labels every step", () => {
    for (const key of [...CREATE_STEP_KEYS, ...TEARDOWN_STEP_KEYS]) expect(STEP_LABELS[key]).toMatch(/^[A-Z]/);
    expect(stepLabel("create_vm")).toBe("Create virtual machine");
    expect(stepLabel("something_new")).toBe("something new");
  });

  it("computes the original's progress percentage", () => {
    expect(progressPercentage(CREATE_WORKFLOW, {})).toBe(0);
    expect(progressPercentage(CREATE_WORKFLOW, { validate_config: "succeeded", create_vnet: "running" })).toBe(9);
    const all = Object.fromEntries(CREATE_STEP_KEYS.map((k) => [k, "succeeded" as const]));
    expect(progressPercentage(CREATE_WORKFLOW, all)).toBe(100);
  });
});
