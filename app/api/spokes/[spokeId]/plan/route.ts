import { deferredJson } from "@/lib/http/deferred-body";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { planSpokeUpdate } from "@/lib/spokes/update-plan";

export const POST = apiRoute<{ spokeId: string }>(async ({ actor, params, req }) =>
  ok(
    await planSpokeUpdate({ ctx: await spokeCtx(actor, req), input: { ref: params.spokeId, body: deferredJson(req) } }),
  ),
);
