/** resources.list through the SDK: every top-level resource of the subscription, with its tags, across groups (ARM-REFERENCE §10.4). */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSimulatedAzure } from "../testing";

let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
beforeAll(async () => {
  env = await startSimulatedAzure({ pageSize: 2 });
});
afterAll(async () => {
  await env.stop();
});

it("lists the subscription's top-level resources of every group with their tags, all pages, no child resources", async () => {
  await env.gateway.createResourceGroup("other-rg", { location: "eastus" });
  await env.gateway.createOrUpdateVirtualNetwork("hub-rg", "a-vnet", {
    location: "eastus",
    addressPrefixes: ["10.70.0.0/24"],
    subnets: [{ name: "s1", addressPrefix: "10.70.0.0/26" }],
    tags: { "managed-by": "hub-spoke-console", "spoke-id": "70" },
  });
  await env.gateway.createOrUpdateVirtualNetwork("other-rg", "b-vnet", {
    location: "eastus",
    addressPrefixes: ["10.71.0.0/24"],
    subnets: [],
    tags: { team: "x" },
  });
  const all = await env.gateway.listSubscriptionResources();
  const byName = new Map(all.map((r) => [r.name, r]));
  expect(byName.get("a-vnet")).toMatchObject({
    type: "Microsoft.Network/virtualNetworks",
    tags: { "managed-by": "hub-spoke-console", "spoke-id": "70" },
  });
  expect(byName.get("a-vnet")!.id).toMatch(
    /\/resourceGroups\/hub-rg\/providers\/Microsoft\.Network\/virtualNetworks\/a-vnet$/i,
  );
  expect(byName.get("b-vnet")?.tags).toEqual({ team: "x" });
  expect(byName.has("s1")).toBe(false);
  expect(all.some((r) => r.type.toLowerCase() === "microsoft.resources/resourcegroups")).toBe(false);
});
