import { checkDriftNow } from "@/lib/spokes/drift-check";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";

type P = { spokeId: string };

/** Run a drift check of the spoke now and answer with its result (README "Drift and orphan sweep"). */
export const POST = apiRoute<P>(async ({ actor, params, req }) =>
  ok(await checkDriftNow({ ctx: await spokeCtx(actor, req), input: { ref: params.spokeId } })),
);
