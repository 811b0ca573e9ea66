import { readJson } from "@/lib/http/body";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { planSpoke } from "@/lib/spokes/plan-spoke";

/** Pre-flight only: what a create with this body would do, and every check. Writes nothing. */
export const POST = apiRoute(async ({ req, actor }) =>
  ok(await planSpoke({ ctx: await spokeCtx(actor, req), input: await readJson(req) })),
);
