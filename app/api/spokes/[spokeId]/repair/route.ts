import { deferredOptionalJson } from "@/lib/http/deferred-body";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { repairSpoke } from "@/lib/spokes/repair-spoke";

type P = { spokeId: string };

/** Re-apply what drifted as an update deployment (README "Drift and orphan sweep"). */
export const POST = apiRoute<P>(async ({ actor, params, req }) => {
  const result = await repairSpoke({
    ctx: await spokeCtx(actor, req),
    input: { ref: params.spokeId, body: deferredOptionalJson(req) },
  });
  if (!result.deployment_id) return ok(result, { message: `Spoke ${result.spoke_id} is in sync: nothing to repair` });
  return ok(result, { status: 202, message: `Repair of spoke ${result.spoke_id} started: ${result.steps.join(", ")}` });
});
