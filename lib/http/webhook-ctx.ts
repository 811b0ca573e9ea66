import type { NextRequest } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { metaFromHeaders } from "@/lib/request-meta";
import { getServices } from "@/lib/runtime/services";
import type { WebhookCtx } from "@/lib/webhooks/admin";

/** The webhook verbs' context for a request (or a server action, which passes its headers). */
export async function webhookCtx(actor: Actor, req?: NextRequest | { headers: Headers }): Promise<WebhookCtx> {
  const s = await getServices();
  return {
    actor,
    db: s.handle.db,
    enqueueWebhook: (id) => s.worker.queue.enqueueWebhook(id),
    targetPolicy: { allowPrivate: env().WEBHOOK_ALLOW_PRIVATE_TARGETS },
    meta: req ? metaFromHeaders(req.headers) : undefined,
  };
}
