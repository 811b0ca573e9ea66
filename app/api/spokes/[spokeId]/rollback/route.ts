import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { rollbackDeployment } from "@/lib/spokes/deployment-actions";

export const POST = apiRoute<{ spokeId: string }>(async ({ actor, params, req }) =>
  ok(await rollbackDeployment({ ctx: await spokeCtx(actor, req), input: { ref: params.spokeId } }), { status: 202 }),
);
