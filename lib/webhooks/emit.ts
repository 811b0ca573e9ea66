/** Turns one event into one queued delivery per subscribed endpoint. */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { log } from "@/lib/log";
import type { TEST_EVENT, WebhookEventType, WebhookPayload } from "./events";

export type EnqueueWebhook = (deliveryId: string) => Promise<unknown>;

async function queueDelivery(
  db: Db,
  enqueue: EnqueueWebhook,
  endpointId: string,
  type: WebhookPayload["type"],
  data: Record<string, unknown>,
): Promise<string> {
  const id = randomUUID();
  const payload: WebhookPayload = { id, type, created_at: new Date().toISOString(), data };
  await db.insert(webhookDeliveries).values({ id, endpointId, event: type, payload });
  try {
    await enqueue(id);
  } catch (err) {
    // The row says what happened; a lost enqueue must not fail the deployment that emitted it.
    await db
      .update(webhookDeliveries)
      .set({ status: "failed", lastError: `Could not queue the delivery: ${String(err)}` })
      .where(eq(webhookDeliveries.id, id));
    throw err;
  }
  return id;
}

/** Queues the event for every endpoint subscribed to it; returns the delivery ids. */
export async function emitWebhookEvent(
  db: Db,
  enqueue: EnqueueWebhook,
  type: WebhookEventType,
  data: Record<string, unknown>,
): Promise<string[]> {
  const endpoints = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(sql`${webhookEndpoints.events} @> ${JSON.stringify([type])}::jsonb`);
  const ids: string[] = [];
  for (const e of endpoints) {
    try {
      ids.push(await queueDelivery(db, enqueue, e.id, type, data));
    } catch (err) {
      log.error("webhook delivery not queued", { endpointId: e.id, event: type, err: String(err) });
    }
  }
  return ids;
}

/** The Admin page's "Send test": one delivery to one endpoint, whatever it subscribes to. */
export function queueTestDelivery(
  db: Db,
  enqueue: EnqueueWebhook,
  endpointId: string,
  data: Record<string, unknown>,
): Promise<string> {
  return queueDelivery(db, enqueue, endpointId, "webhook.test" satisfies typeof TEST_EVENT, data);
}
