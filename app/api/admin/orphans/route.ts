import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { orphanCtx } from "@/lib/http/orphan-ctx";
import { getOrphanReport } from "@/lib/sweep/verbs";

export const dynamic = "force-dynamic";

/** Admin: what is in Azure but owned by no live spoke (README "Drift and orphan sweep"). */
export const GET = apiRoute(async ({ actor, req }) => ok(await getOrphanReport({ ctx: await orphanCtx(actor, req) })));
