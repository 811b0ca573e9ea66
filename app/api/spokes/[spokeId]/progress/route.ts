import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { getProgress } from "@/lib/spokes/get-spoke";

export const GET = apiRoute<{ spokeId: string }>(async ({ actor, params, req }) =>
  ok(await getProgress({ ctx: await spokeCtx(actor, req), input: { ref: params.spokeId } })),
);
