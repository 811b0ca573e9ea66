import { describe, expect, it } from "vitest";
import { cidr } from "./cidr";
import { planSubnets, subnetName } from "./subnet-plan";

const block = cidr("10.11.7.0/24");

describe("planSubnets", () => {
  it("gives the original's four /26 subnets for a /24", () => {
    const result = planSubnets(7, block);
    expect(result).toEqual({
      ok: true,
      subnets: [
        { role: "vm", name: "spoke-7-vm-subnet", addressPrefix: "10.11.7.0/26", isOverride: false },
        { role: "db", name: "spoke-7-db-subnet", addressPrefix: "10.11.7.64/26", isOverride: false },
        { role: "kv", name: "spoke-7-kv-subnet", addressPrefix: "10.11.7.128/26", isOverride: false },
        { role: "workspace", name: "spoke-7-workspace-subnet", addressPrefix: "10.11.7.192/26", isOverride: false },
      ],
    });
  });

  it("splits other block sizes into four equal parts", () => {
    const result = planSubnets(3, cidr("10.20.1.128/25"));
    expect(result.ok && result.subnets.map((s) => s.addressPrefix)).toEqual([
      "10.20.1.128/27",
      "10.20.1.160/27",
      "10.20.1.192/27",
      "10.20.1.224/27",
    ]);
  });

  it("applies valid overrides and keeps the other defaults", () => {
    const result = planSubnets(7, block, { vm_subnet_prefix: "10.11.7.0/27", kv_subnet_prefix: "10.11.7.32/27" });
    expect(result.ok && result.subnets.map((s) => [s.addressPrefix, s.isOverride])).toEqual([
      ["10.11.7.0/27", true],
      ["10.11.7.64/26", false],
      ["10.11.7.32/27", true],
      ["10.11.7.192/26", false],
    ]);
  });

  it("ignores empty and null overrides", () => {
    const result = planSubnets(7, block, { vm_subnet_prefix: "", db_subnet_prefix: null });
    expect(result.ok && result.subnets[0]?.addressPrefix).toBe("10.11.7.0/26");
  });

  it.each([
    [{ vm_subnet_prefix: "10.11.8.0/26" }, "vm_subnet_prefix", /outside the spoke address space 10.11.7.0\/24/],
    [{ db_subnet_prefix: "10.11.0.0/16" }, "db_subnet_prefix", /outside/],
    [{ kv_subnet_prefix: "10.11.7.130/26" }, "kv_subnet_prefix", /host bits/],
    [{ workspace_subnet_prefix: "banana" }, "workspace_subnet_prefix", /not a CIDR/],
    [{ vm_subnet_prefix: "10.11.7.0/30" }, "vm_subnet_prefix", /minimum subnet/],
    [{ vm_subnet_prefix: "10.11.7.64/27" }, "vm_subnet_prefix", /overlaps spoke-7-db-subnet \(10.11.7.64\/26\)/],
  ])("rejects %j on the field that was overridden", (overrides, field, message) => {
    const result = planSubnets(7, block, overrides);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.fieldErrors)).toEqual([field]);
      expect(result.fieldErrors[field as keyof typeof result.fieldErrors]).toMatch(message);
    }
  });

  it("reports both fields when two overrides overlap each other", () => {
    const result = planSubnets(7, block, { vm_subnet_prefix: "10.11.7.0/25", db_subnet_prefix: "10.11.7.64/26" });
    expect(!result.ok && Object.keys(result.fieldErrors).sort()).toEqual(["db_subnet_prefix", "vm_subnet_prefix"]);
  });
});

describe("subnetName", () => {
  it("follows the original's naming", () => {
    expect(subnetName(12, "workspace")).toBe("spoke-12-workspace-subnet");
  });
});
