import { getDb } from "@/db";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { listSpokes } from "@/lib/spokes/list-spokes";
import { parseListQuery } from "@/lib/spokes/list-query";

export const GET = apiRoute(async ({ req, actor }) => {
  const input = parseListQuery(req.nextUrl.searchParams);
  return ok(await listSpokes({ ctx: { actor, db: await getDb() }, input }));
});
