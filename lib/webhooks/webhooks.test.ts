/**
 * Webhooks end to end: real deployments against the simulator, deliveries through the real
 * pg-boss queue to an HTTP receiver on 127.0.0.1, signatures checked the way the README tells
 * receivers to check them.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, webhookDeliveries } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { testSshPublicKey } from "@/lib/azure/testing";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { createWebhook, listDeliveries, listWebhooks, sendTestWebhook, type WebhookCtx } from "./admin";
import { deliverWebhook } from "./deliver";
import { queueTestDelivery } from "./emit";
import { WEBHOOK_EVENTS } from "./events";
import { SIGNATURE_HEADER, verifySignature } from "./signature";
import { startReceiver, type Received } from "./testing";

let h: Harness;
let sshKey: string;
let admin: Actor;
beforeAll(async () => {
  // The receivers listen on 127.0.0.1, which only WEBHOOK_ALLOW_PRIVATE_TARGETS permits; 1 s first retry.
  h = await startHarness({ sim: { profile: "instant" }, webhooks: { allowPrivate: true, retryDelaySeconds: 1 } });
  sshKey = await testSshPublicKey();
  admin = await h.newUser("admin");
}, 60_000);
afterAll(async () => h?.stop());

const ctxOf = (actor: Actor, allowPrivate = true): WebhookCtx => ({
  actor,
  db: h.db.db,
  enqueueWebhook: (id) => h.worker.queue.enqueueWebhook(id),
  targetPolicy: { allowPrivate },
});

function expectSigned(r: Received, secret: string) {
  expect(verifySignature(secret, r.headers[SIGNATURE_HEADER] as string, r.body), `signature of ${r.json.type}`).toBe(
    true,
  );
  expect(verifySignature("whsec_other", r.headers[SIGNATURE_HEADER] as string, r.body)).toBe(false);
  expect(verifySignature(secret, r.headers[SIGNATURE_HEADER] as string, r.body.replace("}", " }"))).toBe(false);
  expect(r.headers["x-hsc-event"]).toBe(r.json.type);
  expect(r.headers["x-hsc-delivery"]).toBe(r.json.id);
}

/** The receiver answers before the attempt is recorded; wait for the row to settle. */
async function settled(id: string) {
  for (const started = Date.now(); ; await new Promise((r) => setTimeout(r, 50))) {
    const [row] = await h.db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    if ((row && (row.status === "delivered" || row.status === "failed")) || Date.now() - started > 10_000) return row;
  }
}

const spokeOf = (r: Received) => (r.json.data.spoke as { spoke_id: number }).spoke_id;
const kindOf = (r: Received) => (r.json.data.deployment as { kind: string }).kind;

describe("webhooks", () => {
  it("a completed and a rolled-back deployment each reach the receiver, signed; the delivery log and audit say so", async () => {
    const receiver = await startReceiver();
    const ctx = ctxOf(admin);
    const hook = await createWebhook({
      ctx,
      input: { url: receiver.url, events: [...WEBHOOK_EVENTS], description: "ops channel" },
    });
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = (await listWebhooks({ ctx })).find((w) => w.id === hook.id);
    expect(listed).toMatchObject({ url: receiver.url, secret_hint: hook.secret_hint });
    expect(JSON.stringify(listed)).not.toContain(hook.secret);

    const spokeCtx = h.ctxFor(admin);
    const ok = await createSpoke({
      ctx: spokeCtx,
      input: { spoke_id: 31, client_name: "hook-ok", ssh_public_key: sshKey },
    });
    h.sim.addFault({
      kind: "error",
      operation: "virtualNetworks.createOrUpdate",
      name: "spoke-vnet-32",
      code: "InvalidParameter",
      phase: "async",
      times: 1,
    });
    const bad = await createSpoke({
      ctx: spokeCtx,
      input: { spoke_id: 32, client_name: "hook-bad", ssh_public_key: sshKey },
    });
    expect((await h.waitForSpoke(ok.id, ["completed", "rolled_back"])).status).toBe("completed");
    expect((await h.waitForSpoke(bad.id, ["completed", "rolled_back", "rollback_failed"])).status).toBe("rolled_back");

    const finished = await receiver.waitFor((r) => r.json.type === "deployment.finished" && spokeOf(r) === 31);
    expect(finished.json.data).toMatchObject({
      deployment: { kind: "create", status: "succeeded" },
      spoke: { client_name: "hook-ok", status: "completed" },
    });
    expect((finished.json.data.deployment as { trace_id: string }).trace_id).toMatch(/^[0-9a-f-]{36}$/);
    const failed = await receiver.waitFor((r) => r.json.type === "deployment.failed" && spokeOf(r) === 32);
    expect(failed.json.data).toMatchObject({
      deployment: { kind: "create", status: "failed", error: { step: "create_vnet", code: "InvalidParameter" } },
    });
    const rolledBack = await receiver.waitFor((r) => r.json.type === "deployment.finished" && spokeOf(r) === 32);
    expect(kindOf(rolledBack)).toBe("rollback");
    expect(rolledBack.json.data.spoke).toMatchObject({ status: "rolled_back" });
    const report = await receiver.waitFor((r) => r.json.type === "cleanup.report" && spokeOf(r) === 32);
    expect(report.json.data.cleanup_report).toMatchObject({ outcome: expect.any(String) });
    for (const r of [finished, failed, rolledBack, report]) expectSigned(r, hook.secret);
    // Nothing that did not happen: no rollback failure, no cleanup report for a plain create.
    expect(receiver.received.filter((r) => r.json.type === "rollback.failed")).toEqual([]);
    expect(receiver.received.filter((r) => r.json.type === "cleanup.report" && spokeOf(r) === 31)).toEqual([]);

    for (const r of [finished, failed, rolledBack, report]) await settled(r.json.id);
    const log = await listDeliveries({ ctx, input: { ref: hook.id } });
    const mine = log.filter((d) => [finished, failed, rolledBack, report].some((r) => r.json.id === d.id));
    expect(mine).toHaveLength(4);
    for (const d of mine)
      expect(d).toMatchObject({ status: "delivered", attempts: 1, response_code: 200, last_error: null });
    const audit = await h.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "webhook.create"), eq(auditLog.target, hook.id)));
    expect(audit).toHaveLength(1);
    await receiver.close();
  }, 120_000);

  it("a receiver answering 500 twice gets the third attempt; the log keeps attempts and the last answer", async () => {
    const receiver = await startReceiver([500, 500]);
    const ctx = ctxOf(admin);
    const hook = await createWebhook({ ctx, input: { url: receiver.url, events: ["rollback.failed"] } });
    const { delivery_id } = await sendTestWebhook({ ctx, input: { ref: hook.id } });
    const third = await receiver.waitFor(
      (r) => r.json.id === delivery_id && receiver.received.filter((x) => x.json.id === delivery_id).length === 3,
      60_000,
    );
    expect(third.json.type).toBe("webhook.test");
    expectSigned(third, hook.secret);
    expect(await settled(delivery_id)).toMatchObject({ status: "delivered", attempts: 3, responseCode: 200 });
    // Exponential backoff: the second wait is longer than the first.
    const at = receiver.received
      .filter((x) => x.json.id === delivery_id)
      .map((x) => Number(/t=(\d+)/.exec(x.headers[SIGNATURE_HEADER] as string)?.[1]));
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(at[1]! - at[0]!);
    await receiver.close();
  }, 90_000);

  it("refuses 127.0.0.1 unless the setting allows it: on registration, and again at delivery", async () => {
    const receiver = await startReceiver();
    await expect(
      createWebhook({ ctx: ctxOf(admin, false), input: { url: receiver.url, events: ["deployment.failed"] } }),
    ).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/^Refused target 127\.0\.0\.1/) });
    for (const url of [
      "http://localhost:9/x",
      "http://169.254.169.254/latest",
      "http://[::1]:9/",
      "http://10.0.0.5/",
      "http://[::ffff:127.0.0.1]/",
    ]) {
      await expect(
        createWebhook({ ctx: ctxOf(admin, false), input: { url, events: ["deployment.failed"] } }),
        url,
      ).rejects.toMatchObject({ code: "bad_request" });
    }
    // Registered while allowed; the setting is off by the time it is delivered.
    const hook = await createWebhook({
      ctx: ctxOf(admin, true),
      input: { url: receiver.url, events: ["deployment.failed"] },
    });
    // Queued without a job, so this test drives the attempts itself.
    const id = await queueTestDelivery(h.db.db, async () => undefined, hook.id, { probe: true });
    await deliverWebhook(h.db.db, { deliveryId: id, attempt: 0, isFinalAttempt: false }, { allowPrivate: false });
    const [row] = await h.db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    expect(row).toMatchObject({ status: "failed", attempts: 1, responseCode: null });
    expect(row?.lastError).toMatch(/^Refused target 127\.0\.0\.1: 127\.0\.0\.1 is a loopback/);
    expect(receiver.received).toEqual([]);
    // The same delivery, allowed, goes through.
    await h.db.db.update(webhookDeliveries).set({ status: "queued" }).where(eq(webhookDeliveries.id, id));
    await deliverWebhook(h.db.db, { deliveryId: id, attempt: 1, isFinalAttempt: false }, { allowPrivate: true });
    expectSigned(await receiver.waitFor((r) => r.json.id === id), hook.secret);
    await receiver.close();
  }, 30_000);

  it("is admin-only", async () => {
    const user = await h.newUser("user");
    await expect(listWebhooks({ ctx: ctxOf(user) })).rejects.toMatchObject({ code: "not_found" });
    await expect(
      createWebhook({ ctx: ctxOf(user), input: { url: "https://example.com/x", events: ["deployment.failed"] } }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
