import { listAuditLog } from "@/lib/admin/audit-log";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";

export const dynamic = "force-dynamic";

/** ?action=spoke.&actor=alice&outcome=success&before=<id>&limit=50 */
export const GET = apiRoute(async ({ actor, req }) => {
  const p = req.nextUrl.searchParams;
  const input = Object.fromEntries(
    ["action", "actor", "outcome", "before", "limit"].flatMap((k) => (p.get(k) ? [[k, p.get(k)]] : [])),
  );
  const page = await listAuditLog({ ctx: await spokeCtx(actor, req), input });
  return ok(page.entries, { extra: { count: page.entries.length, next_before: page.next_before } });
});
