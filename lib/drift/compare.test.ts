import { describe, expect, it } from "vitest";
import { repairSteps } from "./compare";

describe("repairSteps", () => {
  it("gives each step once, in workflow order", () => {
    expect(repairSteps([{ step: "update_agw" }, { step: "create_vm" }, { step: "update_agw" }, { step: "create_vnet" }])).toEqual(["create_vnet", "create_vm", "update_agw"]);
    expect(repairSteps([])).toEqual([]);
  });
  it("never returns a key that is not a create-workflow step", () => {
    expect(repairSteps([{ step: "delete_vnet" }, { step: "nonsense" }])).toEqual([]);
  });
});
