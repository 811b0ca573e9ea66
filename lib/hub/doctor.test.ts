/** Doctor against a private simulator through the real SDK, and ARM's allow/deny rule for permissions. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAllowed } from "@/lib/azure/arm/access";
import { bootstrapHub } from "@/lib/azure/bootstrap-hub";
import { startSimulatedAzure } from "@/lib/azure/testing";
import { hubConfig, parseEnv } from "@/lib/env";
import { runDoctor } from "./doctor";

let cloud: Awaited<ReturnType<typeof startSimulatedAzure>>;
beforeAll(async () => {
  cloud = await startSimulatedAzure({ seedHub: false });
});
afterAll(async () => cloud?.stop());

describe("doctor", () => {
  const env = parseEnv({});
  const hub = hubConfig(env);

  it("fails on a bare subscription, naming each missing hub piece with the fix, and passes once bootstrapped", async () => {
    const before = await runDoctor({ env, hub, azure: cloud.gateway });
    expect(before.ok).toBe(false);
    const failed = before.checks.filter((c) => c.status === "fail").map((c) => c.title);
    expect(failed).toEqual([
      "Resource group hub-rg",
      "Hub VNet hub-vnet",
      "Subnet hub-subnet",
      "Subnet agw-subnet",
      "Public IP hub-agw-pip",
      "Application Gateway hub-agw with its defaults",
    ]);
    expect(before.checks.find((c) => c.status === "fail")?.fix).toMatch(/hub:bootstrap/);

    await bootstrapHub(cloud.gateway, {}, { pollIntervalMs: 5 });
    cloud.sim.resetRequests();
    const after = await runDoctor({ env, hub, azure: cloud.gateway });
    expect(after.checks.filter((c) => c.status !== "pass")).toEqual([]);
    expect(after.ok).toBe(true);
    expect(cloud.sim.requests().writes).toBe(0); // doctor only reads
  });

  it("flags a spoke address space that overlaps the hub, and Azure mode without sign-in", async () => {
    const bad = parseEnv({ SPOKE_ADDRESS_SPACE: "10.0.0.0/16", AZURE_MODE: "azure", AZURE_SUBSCRIPTION_ID: "s" });
    const report = await runDoctor({
      env: bad,
      hub: hubConfig(bad),
      azure: cloud.gateway,
      access: { probeToken: async () => ({ ok: false, detail: "no identity" }), permissions: async () => [] },
    });
    const failed = report.checks.filter((c) => c.status === "fail").map((c) => c.title);
    expect(failed).toEqual(
      expect.arrayContaining([
        "Spoke address space is outside the hub's",
        "Sign-in is configured",
        "A token for Azure Resource Manager can be obtained",
      ]),
    );
  });
});

describe("isAllowed", () => {
  it("matches wildcards case-insensitively and lets a role's notActions remove what its actions grant", () => {
    const networkContributor = { actions: ["Microsoft.Network/*"], notActions: [] };
    const reader = { actions: ["*/read"], notActions: [] };
    expect(isAllowed([networkContributor], "microsoft.network/applicationGateways/write")).toBe(true);
    expect(isAllowed([reader], "Microsoft.Compute/skus/read")).toBe(true);
    expect(isAllowed([reader], "Microsoft.Compute/virtualMachines/write")).toBe(false);
    expect(
      isAllowed(
        [{ actions: ["*"], notActions: ["Microsoft.Authorization/*/Write"] }],
        "Microsoft.Authorization/roleAssignments/write",
      ),
    ).toBe(false);
    expect(
      isAllowed(
        [{ actions: ["*"], notActions: ["Microsoft.Network/*/delete"] }, networkContributor],
        "Microsoft.Network/virtualNetworks/delete",
      ),
    ).toBe(true);
  });
});
