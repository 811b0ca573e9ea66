import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { webhookCtx } from "@/lib/http/webhook-ctx";
import { sendTestWebhook } from "@/lib/webhooks/admin";

type P = { webhookId: string };

export const POST = apiRoute<P>(async ({ actor, params, req }) =>
  ok(await sendTestWebhook({ ctx: await webhookCtx(actor, req), input: { ref: params.webhookId } }), {
    status: 202,
    message: "Test delivery queued",
  }),
);
