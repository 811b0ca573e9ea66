import { listCleanupReports } from "@/lib/admin/cleanup-reports";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, req }) =>
  ok(await listCleanupReports({ ctx: await spokeCtx(actor, req) })),
);
