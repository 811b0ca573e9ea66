import { describe, expect, it } from "vitest";
import { defaultAddressPool } from "./address-allocation";
import { type SpokePlanEnvironment, type SpokePlanInput, planSpokeNetwork } from "./spoke-plan";
import { SSH_KEY_FIXTURES } from "./ssh-key-fixtures";

const env: SpokePlanEnvironment = {
  pool: defaultAddressPool(),
  agwBaseDomain: "spokes.example.com",
  takenNumbers: [1, 2],
  blockedPrefixes: ["10.0.0.0/16", "10.11.3.0/24"],
};

const input: SpokePlanInput = {
  clientName: "Contoso Ltd",
  sshPublicKey: SSH_KEY_FIXTURES.ed25519.line,
  adminUsername: "azureuser",
};

describe("planSpokeNetwork", () => {
  it("takes the lowest free number not overlapping a VNet and derives everything", () => {
    const result = planSpokeNetwork(input, env);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan).toMatchObject({ spokeNumber: 4, clientName: "contoso-ltd", addressPrefix: "10.11.4.0/24" });
    expect(result.plan.subnets.map((s) => s.addressPrefix)).toEqual([
      "10.11.4.0/26",
      "10.11.4.64/26",
      "10.11.4.128/26",
      "10.11.4.192/26",
    ]);
    expect(result.plan.names.agw).toMatchObject({
      backendPool: "contoso-ltd-pool",
      priority: 1004,
      hostName: "contoso-ltd.spokes.example.com",
    });
    expect(result.plan.sshKey).toMatchObject({ type: "ssh-ed25519", bits: 256 });
  });

  it("honours a requested free number", () => {
    const result = planSpokeNetwork({ ...input, spokeNumber: 42, vmName: "web01" }, env);
    expect(result.ok && [result.plan.spokeNumber, result.plan.names.nic]).toEqual([42, "web01-nic"]);
  });

  it.each([
    [{ spokeNumber: 300 }, "invalid", "Invalid spoke_id: 300. Must be between 1 and 254"],
    [{ spokeNumber: 2 }, "conflict", "Spoke 2 already exists"],
    [{ spokeNumber: 3 }, "conflict", "Spoke 3's range 10.11.3.0/24 overlaps 10.11.3.0/24, already in use"],
  ])("refuses spoke number %j as %s", (patch, code, message) => {
    expect(planSpokeNetwork({ ...input, ...patch }, env)).toEqual({
      ok: false,
      code,
      fieldErrors: { spoke_id: message },
    });
  });

  it("reports an exhausted pool", () => {
    const full = { ...env, blockedPrefixes: ["10.11.0.0/16"] };
    expect(planSpokeNetwork(input, full)).toMatchObject({ ok: false, code: "exhausted" });
  });

  it("collects every input error at once, keyed by the API's field names", () => {
    const result = planSpokeNetwork(
      {
        spokeNumber: 2,
        clientName: "!!",
        sshPublicKey: SSH_KEY_FIXTURES.rsa1024.line,
        adminUsername: "root",
        vmName: "bad_name",
        subnets: { vm_subnet_prefix: "10.11.9.0/26" },
      },
      env,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("invalid");
    expect(Object.keys(result.fieldErrors).sort()).toEqual([
      "admin_username",
      "client_name",
      "spoke_id",
      "ssh_public_key",
      "vm_name",
    ]);
  });

  it("checks subnet overrides against the chosen block", () => {
    const result = planSpokeNetwork({ ...input, spokeNumber: 9, subnets: { db_subnet_prefix: "10.11.8.64/26" } }, env);
    expect(result).toEqual({
      ok: false,
      code: "invalid",
      fieldErrors: {
        "subnets.db_subnet_prefix": "db_subnet_prefix 10.11.8.64/26 is outside the spoke address space 10.11.9.0/24",
      },
    });
  });
});
