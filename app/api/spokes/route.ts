import { readJson } from "@/lib/http/body";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { parseListQuery } from "@/lib/spokes/list-query";
import { listSpokes } from "@/lib/spokes/list-spokes";
import { parseBody } from "@/lib/spokes/plan-spoke";

export const GET = apiRoute(async ({ req, actor }) => {
  const input = parseListQuery(req.nextUrl.searchParams);
  const page = await listSpokes({ ctx: await spokeCtx(actor), input });
  return ok(page.spokes, { extra: { count: page.spokes.length, next_cursor: page.next_cursor } });
});

export const POST = apiRoute(async ({ req, actor }) => {
  const ctx = await spokeCtx(actor, req);
  const body = parseBody(await readJson(req), ctx.hub);
  const idempotencyKey = req.headers.get("idempotency-key") ?? undefined;
  const created = await createSpoke({ ctx, input: body, idempotencyKey });
  return ok(created, { status: 202, headers: { location: created.links.self } });
});
