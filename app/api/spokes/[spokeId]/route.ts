import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { teardownSpoke } from "@/lib/spokes/deployment-actions";
import { getSpokeLive } from "@/lib/spokes/get-spoke";

type P = { spokeId: string };

export const GET = apiRoute<P>(async ({ actor, params, req }) => ok(await getSpokeLive({ ctx: await spokeCtx(actor, req), input: { ref: params.spokeId } })));

export const DELETE = apiRoute<P>(async ({ actor, params, req }) => {
  const result = await teardownSpoke({ ctx: await spokeCtx(actor, req), input: { ref: params.spokeId } });
  return ok(result, { status: 202, message: `Teardown of spoke ${result.spoke_id} started` });
});
