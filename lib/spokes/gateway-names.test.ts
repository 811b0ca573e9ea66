/**
 * Issue 10 at the verbs: plan and create refuse gateway entry names that belong to the hub, to a
 * hand-made entry or to another live spoke, with a 409 naming the entry; two simultaneous creates
 * asking for one name cannot both win (the database's unique index decides).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSshPublicKey } from "@/lib/azure/testing";
import type { Actor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { createSpoke } from "./create-spoke";
import { planSpoke } from "./plan-spoke";

let h: Harness;
let sshKey: string;
let alice: Actor;
let bob: Actor;
beforeAll(async () => {
  h = await startHarness();
  sshKey = await testSshPublicKey();
  [alice, bob] = [await h.newUser(), await h.newUser()];
}, 60_000);
afterAll(async () => h?.stop());

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "accepted",
    (e: unknown) => (isAppError(e) ? `${e.status} ${e.message}` : String(e)),
  );
const body = (client: string, agw: Record<string, string> = {}) => ({
  client_name: client,
  ssh_public_key: sshKey,
  application_gateway: agw,
});

describe("gateway entry names at plan and create", () => {
  it("refuses the hub's default entries, in any letter case, at plan and at create", async () => {
    const attempts: Record<string, string>[] = [
      { backend_pool_name: "defaultPool", routing_rule_name: "defaultRoutingRule" },
      { routing_rule_name: "DEFAULTROUTINGRULE" },
    ];
    for (const agw of attempts) {
      const input = body("bob-takeover", agw);
      for (const verb of [
        () => planSpoke({ ctx: h.ctxFor(bob), input }),
        () => createSpoke({ ctx: h.ctxFor(bob), input }),
      ]) {
        expect(await refusal(verb())).toMatch(
          /^409 application_gateway\.\w+: the hub gateway's (backend pool|routing rule) '(defaultPool|DEFAULTROUTINGRULE)' exists and belongs to no spoke/,
        );
      }
    }
  }, 30_000);

  it("refuses another live spoke's names; of two simultaneous creates for one name exactly one wins", async () => {
    const a = await createSpoke({ ctx: h.ctxFor(alice), input: body("alice-names") });
    expect(
      await refusal(
        planSpoke({ ctx: h.ctxFor(bob), input: body("bob-squat", { backend_pool_name: "Alice-Names-Pool" }) }),
      ),
    ).toMatch(/^409 .*'Alice-Names-Pool' is already used by another spoke/);
    expect(
      await refusal(
        createSpoke({ ctx: h.ctxFor(bob), input: body("bob-squat", { routing_rule_name: "alice-names-route" }) }),
      ),
    ).toMatch(/^409 .*'alice-names-route' is already used by another spoke/);

    const both = await Promise.all([
      refusal(createSpoke({ ctx: h.ctxFor(alice), input: body("race-one", { backend_pool_name: "shared-pool" }) })),
      refusal(createSpoke({ ctx: h.ctxFor(bob), input: body("race-two", { backend_pool_name: "shared-pool" }) })),
    ]);
    expect(both.filter((r) => r === "accepted")).toHaveLength(1);
    expect(both.find((r) => r !== "accepted")).toMatch(/^409 .*'shared-pool' is already used by another spoke/);
    await h.waitForSpoke(a.id, ["completed", "rolled_back", "rollback_failed"]);
  }, 60_000);
});
