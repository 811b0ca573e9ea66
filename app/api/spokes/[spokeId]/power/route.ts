import { deferredJson } from "@/lib/http/deferred-body";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { powerSpoke } from "@/lib/spokes/power-spoke";

export const POST = apiRoute<{ spokeId: string }>(async ({ actor, params, req }) => {
  const result = await powerSpoke({
    ctx: await spokeCtx(actor, req),
    input: { ref: params.spokeId, body: deferredJson(req) },
  });
  return ok(result, { message: `VM ${result.action}: ${result.power_state}` });
});
