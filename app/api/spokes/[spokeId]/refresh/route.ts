import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { refreshLiveView } from "@/lib/spokes/refresh-live";

type P = { spokeId: string };

/** Ask for a fresh read of the spoke's live view (202; the read runs in the background). */
export const POST = apiRoute<P>(async ({ actor, params, req }) => {
  return ok(await refreshLiveView({ ctx: await spokeCtx(actor, req), input: { ref: params.spokeId } }), {
    status: 202,
  });
});
