/**
 * Azure's Application Gateway entry limits (100 backend pools, lib/network/gateway-limits.ts) at the
 * verbs, through the real SDK and the simulator (which refuses a PUT past them as Azure does): plan
 * shows the room, create refuses a spoke the gateway cannot hold before anything is created, two
 * simultaneous creates for the last place cannot both win, and a teardown gives the place back.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import { getHubStatus } from "@/lib/admin/hub-status";
import { isAppError } from "@/lib/errors";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { snapshot } from "@/lib/orchestrator/testing/sim";
import { createSpoke } from "./create-spoke";
import { teardownSpoke } from "./deployment-actions";
import { planSpoke } from "./plan-spoke";

let h: Harness;
let sshKey: string;
beforeAll(async () => {
  h = await startHarness();
  sshKey = await testSshPublicKey();
}, 60_000);
afterAll(async () => h?.stop());

const outcome = (p: Promise<{ id: string }>) =>
  p.then(
    (r) => ({ ok: true as const, id: r.id, text: "accepted" }),
    (e: unknown) => ({ ok: false as const, id: "", text: isAppError(e) ? `${e.status} ${e.message}` : String(e) }),
  );
const body = (client: string) => ({ client_name: client, ssh_public_key: sshKey });
const NO_ROOM =
  /^409 The hub gateway hub-agw has no room for another spoke: Azure allows 100 backend pools on one Application Gateway \(ApplicationGatewayBackendAddressPoolLimitReached\); 98 belong to the hub or to no spoke and 2 spokes hold the rest\./;

it("counts Azure's 100-pool limit: plan shows the room, the spoke past it is refused before anything is created, a teardown frees its place", async () => {
  const alice = await h.newUser();
  const bob = await h.newUser();
  // 97 hand-made pools beside the hub's defaultPool: room for exactly two spokes.
  const gw = await h.azure.getApplicationGateway("hub-rg", "hub-agw");
  const handMade = Array.from({ length: 97 }, (_, i) => ({ name: `hand-pool-${i + 1}`, addresses: [] }));
  await h.azure.putApplicationGateway(gw!.handle, {
    ...gw!,
    backendAddressPools: [...gw!.backendAddressPools, ...handMade],
  });

  const plan = await planSpoke({ ctx: h.ctxFor(alice), input: body("cap-one") });
  expect(plan.checks.find((c) => c.key === "gateway_capacity")).toMatchObject({
    ok: true,
    message: "0 of the 2 spokes hub-agw can hold are in use (Azure's limits per Application Gateway)",
  });
  const first = await createSpoke({ ctx: h.ctxFor(alice), input: body("cap-one") });

  // One place left, two users asking at once: exactly one wins.
  const race = await Promise.all([
    outcome(createSpoke({ ctx: h.ctxFor(alice), input: body("cap-two") })),
    outcome(createSpoke({ ctx: h.ctxFor(bob), input: body("cap-three") })),
  ]);
  expect(race.filter((r) => r.ok)).toHaveLength(1);
  expect(race.find((r) => !r.ok)?.text).toMatch(NO_ROOM);
  const second = race.find((r) => r.ok)!;

  for (const id of [first.id, second.id])
    expect((await h.waitForSpoke(id, ["completed", "rolled_back"])).status).toBe("completed");
  const full = await h.azure.getApplicationGateway("hub-rg", "hub-agw");
  expect(full!.backendAddressPools).toHaveLength(100);

  // Full: the plan says so with Azure's code, and a create is refused with nothing made in Azure.
  const refusedPlan = await planSpoke({ ctx: h.ctxFor(bob), input: body("cap-four") });
  expect(refusedPlan.ok).toBe(false);
  expect(refusedPlan.checks.find((c) => c.key === "gateway_capacity")).toMatchObject({
    ok: false,
    code: "ApplicationGatewayBackendAddressPoolLimitReached",
  });
  const before = snapshot(h.sim);
  expect((await outcome(createSpoke({ ctx: h.ctxFor(bob), input: body("cap-four") }))).text).toMatch(NO_ROOM);
  expect(snapshot(h.sim)).toEqual(before);

  // Azure itself refuses the 101st pool, with its code and message.
  await expect(
    h.azure.putApplicationGateway(full!.handle, {
      ...full!,
      backendAddressPools: [...full!.backendAddressPools, { name: "one-too-many", addresses: [] }],
    }),
  ).rejects.toMatchObject({
    code: "ApplicationGatewayBackendAddressPoolLimitReached",
    message:
      "The number of BackendAddressPools exceeds the maximum allowed value. The number of BackendAddressPools is 101 and the maximum allowed is 100.",
  });

  // The admin's hub card says the same, from the hub's live snapshot.
  const admin = await h.newUser("admin");
  const status = async () => (await getHubStatus({ ctx: h.ctxFor(admin) })).azure.backend_pools;
  await expect.poll(status, { timeout: 10_000 }).toEqual({ used: 100, limit: 100, spoke_places: 2 });

  // A teardown gives its place back.
  await teardownSpoke({ ctx: h.ctxFor(alice), input: { ref: first.id } });
  await h.waitForSpoke(first.id, ["deleted"]);
  const again = await createSpoke({ ctx: h.ctxFor(bob), input: body("cap-four") });
  expect((await h.waitForSpoke(again.id, ["completed", "rolled_back"])).status).toBe("completed");
}, 120_000);
