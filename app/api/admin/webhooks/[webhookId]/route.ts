import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { webhookCtx } from "@/lib/http/webhook-ctx";
import { deleteWebhook } from "@/lib/webhooks/admin";

type P = { webhookId: string };

export const DELETE = apiRoute<P>(async ({ actor, params, req }) =>
  ok(await deleteWebhook({ ctx: await webhookCtx(actor, req), input: { ref: params.webhookId } })),
);
