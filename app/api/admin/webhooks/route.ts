import { readJson } from "@/lib/http/body";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { webhookCtx } from "@/lib/http/webhook-ctx";
import { createWebhook, listWebhooks } from "@/lib/webhooks/admin";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, req }) => {
  const hooks = await listWebhooks({ ctx: await webhookCtx(actor, req) });
  return ok(hooks, { extra: { count: hooks.length } });
});

export const POST = apiRoute(async ({ actor, req }) => {
  const ctx = await webhookCtx(actor, req);
  const created = await createWebhook({ ctx, input: await readJson(req) });
  return ok(created, { status: 201, message: "Webhook created; the secret is shown only this once" });
});
