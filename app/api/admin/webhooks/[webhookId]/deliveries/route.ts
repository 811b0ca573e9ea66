import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { webhookCtx } from "@/lib/http/webhook-ctx";
import { listDeliveries } from "@/lib/webhooks/admin";

export const dynamic = "force-dynamic";

type P = { webhookId: string };

export const GET = apiRoute<P>(async ({ actor, params, req }) => {
  const limit = Number(req.nextUrl.searchParams.get("limit") ?? "50");
  const rows = await listDeliveries({
    ctx: await webhookCtx(actor, req),
    input: { ref: params.webhookId, limit: Number.isFinite(limit) ? limit : 50 },
  });
  return ok(rows, { extra: { count: rows.length } });
});
