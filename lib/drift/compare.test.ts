import { describe, expect, it } from "vitest";
import { REPAIR_STEP_ORDER, repairStepOf, repairSteps, unrepairable } from "./compare";
import { UPDATE_STEP_KEYS } from "@/lib/orchestrator/workflows";

describe("repairSteps", () => {
  it("uses update-workflow keys in update-workflow order", () => {
    expect(UPDATE_STEP_KEYS.filter((k) => (REPAIR_STEP_ORDER as readonly string[]).includes(k))).toEqual([
      ...REPAIR_STEP_ORDER,
    ]);
  });
  it("gives each update-workflow step once, in workflow order", () => {
    expect(
      repairSteps([
        { step: "update_agw", property: "exists" },
        { step: "create_vm", property: "vmSize" },
        { step: "update_agw", property: "priority" },
        { step: "create_vnet", property: "addressSpace" },
        { step: "create_peering", property: "exists" },
      ]),
    ).toEqual(["create_vnet", "resize_vm", "update_agw", "create_peering"]);
    expect(repairSteps([])).toEqual([]);
  });
  it("maps the VM size to resize_vm, and network, NIC, peering and gateway differences to the update step of the same key", () => {
    expect(repairStepOf({ step: "create_vm", property: "vmSize" })).toBe("resize_vm");
    for (const step of ["create_vnet", "create_subnets", "create_nic", "create_peering", "update_agw"])
      expect(repairStepOf({ step, property: "exists" })).toBe(step);
    expect(repairStepOf({ step: "create_vnet", property: "tags.owner" })).toBe("create_vnet");
    expect(repairStepOf({ step: "create_nic", property: "tags.owner" })).toBe("create_nic");
  });
  it("leaves out what no update step re-applies (a missing VM, the VM's tags), and never returns a key outside the update workflow", () => {
    const diffs = [
      { step: "create_vm", property: "exists" },
      { step: "create_vm", property: "tags.owner" },
      { step: "delete_vnet", property: "exists" },
      { step: "nonsense", property: "exists" },
    ];
    expect(repairSteps(diffs)).toEqual([]);
    expect(unrepairable(diffs)).toEqual(diffs);
    expect(unrepairable([{ step: "create_vm", property: "vmSize" }])).toEqual([]);
    for (const k of repairSteps([
      { step: "create_vm", property: "vmSize" },
      { step: "create_subnets", property: "exists" },
    ]))
      expect(UPDATE_STEP_KEYS).toContain(k);
  });
});
