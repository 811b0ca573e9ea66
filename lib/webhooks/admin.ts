/**
 * Admin verbs over webhook endpoints: list, create (the secret is returned this once), delete,
 * send a test, read the delivery log. Admin-only (404 to anyone else); every change is audited.
 */
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { requireAdmin } from "@/lib/auth/require-admin";
import type { RequestMeta } from "@/lib/request-meta";
import { queueTestDelivery, type EnqueueWebhook } from "./emit";
import { CreateWebhookBody, type WebhookEventType } from "./events";
import { newWebhookSecret } from "./signature";
import { checkTarget, TargetRefused, type TargetPolicy } from "./target";

export interface WebhookCtx {
  actor: Actor;
  db: Db;
  enqueueWebhook: EnqueueWebhook;
  targetPolicy: TargetPolicy;
  meta?: RequestMeta;
}

export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  /** The secret's first characters, to tell secrets apart; never the secret. */
  secret_hint: string;
  created_at: string;
}

export interface DeliveryView {
  id: string;
  event: string;
  status: string;
  attempts: number;
  response_code: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
}

export const WebhookRef = z.string().uuid("Webhook not found");

function view(row: typeof webhookEndpoints.$inferSelect): WebhookView {
  // safe because createWebhook writes only validated event names
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEventType[],
    description: row.description,
    secret_hint: row.secretHint,
    created_at: row.createdAt.toISOString(),
  };
}

const audit = (
  ctx: WebhookCtx,
  action: string,
  target: string,
  outcome: "success" | "failure",
  details?: Record<string, unknown>,
) =>
  writeAudit(ctx.db, {
    actorId: ctx.actor.id,
    action,
    target,
    outcome,
    details,
    ip: ctx.meta?.ip,
    userAgent: ctx.meta?.userAgent,
  });

async function findEndpoint(ctx: WebhookCtx, ref: string) {
  const id = WebhookRef.safeParse(ref);
  if (!id.success) throw new AppError("not_found", "Webhook not found");
  const [row] = await ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id.data));
  if (!row) throw new AppError("not_found", "Webhook not found");
  return row;
}

export async function listWebhooks({ ctx }: { ctx: WebhookCtx }): Promise<WebhookView[]> {
  requireAdmin(ctx.actor);
  const rows = await ctx.db.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt));
  return rows.map(view);
}

export async function createWebhook({
  ctx,
  input,
}: {
  ctx: WebhookCtx;
  input: unknown;
}): Promise<WebhookView & { secret: string }> {
  requireAdmin(ctx.actor);
  const parsed = CreateWebhookBody.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      "bad_request",
      first ? `${first.path.join(".") || "body"}: ${first.message}` : "Invalid webhook",
      { details: parsed.error.issues },
    );
  }
  const body = parsed.data;
  try {
    await checkTarget(body.url, ctx.targetPolicy);
  } catch (err) {
    if (!(err instanceof TargetRefused)) throw err;
    await audit(ctx, "webhook.create", body.url, "failure", { reason: err.message });
    throw new AppError("bad_request", err.message);
  }
  const secret = newWebhookSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(webhookEndpoints)
      .values({
        url: body.url,
        secret,
        secretHint: `${secret.slice(0, 10)}…`,
        events: [...new Set(body.events)],
        description: body.description ?? null,
        createdBy: ctx.actor.id,
      })
      .returning();
    if (!created) throw new Error("webhook insert returned nothing");
    await writeAudit(tx, {
      actorId: ctx.actor.id,
      action: "webhook.create",
      target: created.id,
      outcome: "success",
      details: { url: body.url, events: body.events },
      ip: ctx.meta?.ip,
      userAgent: ctx.meta?.userAgent,
    });
    return created;
  });
  return { ...view(row), secret };
}

export async function deleteWebhook({
  ctx,
  input,
}: {
  ctx: WebhookCtx;
  input: { ref: string };
}): Promise<{ id: string; deleted: true }> {
  requireAdmin(ctx.actor);
  const row = await findEndpoint(ctx, input.ref);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, row.id));
    await writeAudit(tx, {
      actorId: ctx.actor.id,
      action: "webhook.delete",
      target: row.id,
      outcome: "success",
      details: { url: row.url },
      ip: ctx.meta?.ip,
      userAgent: ctx.meta?.userAgent,
    });
  });
  return { id: row.id, deleted: true };
}

export async function sendTestWebhook({
  ctx,
  input,
}: {
  ctx: WebhookCtx;
  input: { ref: string };
}): Promise<{ delivery_id: string }> {
  requireAdmin(ctx.actor);
  const row = await findEndpoint(ctx, input.ref);
  const deliveryId = await queueTestDelivery(ctx.db, ctx.enqueueWebhook, row.id, {
    message: "A test delivery from the Hub-Spoke Console",
    requested_by: ctx.actor.email,
  });
  await audit(ctx, "webhook.test", row.id, "success", { delivery_id: deliveryId });
  return { delivery_id: deliveryId };
}

export async function listDeliveries({
  ctx,
  input,
}: {
  ctx: WebhookCtx;
  input: { ref: string; limit?: number };
}): Promise<DeliveryView[]> {
  requireAdmin(ctx.actor);
  const row = await findEndpoint(ctx, input.ref);
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, row.id))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(Math.min(Math.max(input.limit ?? 50, 1), 200));
  return rows.map((d) => ({
    id: d.id,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    response_code: d.responseCode,
    last_error: d.lastError,
    created_at: d.createdAt.toISOString(),
    last_attempt_at: d.lastAttemptAt?.toISOString() ?? null,
    delivered_at: d.deliveredAt?.toISOString() ?? null,
  }));
}
