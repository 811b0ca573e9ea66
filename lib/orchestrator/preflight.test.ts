/**
 * Issue 4 item 7: pre-flight. Exhausted quota, an unavailable size or an overlapping range →
 * planSpoke reports the failing check with Azure's code and reason, createSpoke's deployment
 * fails in validate_config, and Azure sees no write at all. A malformed SSH key never gets that
 * far: both verbs refuse it as a bad request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { spokes } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { testSshPublicKey } from "@/lib/azure/testing";
import type { ArmSimulator } from "@/lib/arm-simulator";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { planSpoke } from "@/lib/spokes/plan-spoke";
import { startHarness, type Harness } from "./testing";
import { snapshot, writes } from "./testing/sim";
import {
  CREATE_ROLLED_BACK_DEPLOYMENT,
  deploymentLevel,
  expectedCreateSteps,
  expectedTeardownSteps,
  perStep,
} from "./testing/timeline";

let h: Harness;
let sshKey: string;
let alice: Actor;
beforeAll(async () => {
  h = await startHarness({ sim: { profile: "instant", timeScale: 0.01 }, timeScale: 0.01 });
  sshKey = await testSshPublicKey();
  alice = await h.newUser();
  // Made by hand, straight in "Azure": spoke 9's block is in use.
  await h.azure.createOrUpdateVirtualNetwork("hub-rg", "hand-net", {
    location: "eastus",
    addressPrefixes: ["10.11.9.0/24"],
    subnets: [],
  });
}, 60_000);
afterAll(async () => h?.stop());

interface Row {
  name: string;
  input: Record<string, unknown>;
  check: string;
  code: string;
  reason: RegExp;
  setup?(sim: ArmSimulator): () => void;
}

const ROWS: Row[] = [
  {
    name: "exhausted vCPU quota",
    input: { spoke_id: 8, client_name: "pf-quota" },
    check: "quota",
    code: "OperationNotAllowed",
    reason: /exceeding approved .*quota/,
    setup: (sim) => {
      sim.setQuota("standardBSFamily", 0);
      return () => sim.setQuota("standardBSFamily", 100);
    },
  },
  {
    name: "a size not offered to the subscription",
    input: { spoke_id: 10, client_name: "pf-size", vm_size: "Standard_NC6s_v3" },
    check: "vm_size",
    code: "SkuNotAvailable",
    reason: /Standard_NC6s_v3 is restricted/,
  },
  {
    name: "a range overlapping a VNet already in Azure",
    input: { spoke_id: 9, client_name: "pf-overlap" },
    check: "address_space",
    code: "VnetAddressSpacesOverlap",
    reason: /overlaps 10\.11\.9\.0\/24 of VNet hand-net/,
  },
];

describe("pre-flight", () => {
  it.each(ROWS)(
    "$name: planSpoke says why, the create fails in validate_config, no write reaches Azure",
    async (row) => {
      const undo = row.setup?.(h.sim);
      try {
        const before = snapshot(h.sim);
        h.sim.resetRequests();
        const input = { ...row.input, ssh_public_key: sshKey };
        const plan = await planSpoke({ ctx: h.ctxFor(alice), input });
        expect(plan.ok).toBe(false);
        const failed = plan.checks.filter((c) => !c.ok);
        expect(failed[0]).toMatchObject({ key: row.check, code: row.code, message: expect.stringMatching(row.reason) });
        expect(
          await h.db.db
            .select()
            .from(spokes)
            .where(eq(spokes.clientName, String(row.input.client_name))),
        ).toEqual([]); // planning writes nothing

        const created = await createSpoke({ ctx: h.ctxFor(alice), input });
        const spoke = await h.waitForSpoke(created.id, ["completed", "rolled_back", "rollback_failed", "failed"]);
        const [create, rollback] = await h.deploymentsOf(created.id);
        expect({
          status: create?.status,
          step: create?.errorStep,
          code: create?.errorCode,
          class: create?.errorClass,
        }).toEqual({ status: "failed", step: "validate_config", code: row.code, class: "permanent" });
        expect(create?.errorMessage).toMatch(row.reason);
        // The rollback verifies there is nothing to undo, then releases the number.
        expect(spoke.status).toBe("rolled_back");
        expect(writes(h.sim)).toEqual([]);
        expect(snapshot(h.sim)).toEqual(before);

        const events = await h.events(created.id);
        expect(deploymentLevel(events)).toEqual(CREATE_ROLLED_BACK_DEPLOYMENT);
        expect(perStep(events, create!.id)).toEqual(expectedCreateSteps("validate_config"));
        expect(perStep(events, rollback!.id)).toEqual(expectedTeardownSteps());
      } finally {
        undo?.();
      }
    },
    30_000,
  );

  it("a malformed SSH key is refused by both verbs as a bad request, before Azure or the database is touched", async () => {
    h.sim.resetRequests();
    const input = { spoke_id: 12, client_name: "pf-ssh", ssh_public_key: "ssh-rsa not-base64!! someone@laptop" };
    const refused = {
      code: "bad_request",
      message: expect.stringMatching(/key data is not valid base64/),
      details: [expect.objectContaining({ path: "ssh_public_key" })],
    };
    await expect(planSpoke({ ctx: h.ctxFor(alice), input })).rejects.toMatchObject(refused);
    await expect(createSpoke({ ctx: h.ctxFor(alice), input })).rejects.toMatchObject(refused);
    expect(await h.db.db.select().from(spokes).where(eq(spokes.clientName, "pf-ssh"))).toEqual([]);
    expect(h.sim.requests().total).toBe(0);
  });
});
