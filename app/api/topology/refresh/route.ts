import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { refreshLiveView } from "@/lib/spokes/refresh-live";

export const dynamic = "force-dynamic";

/** Ask for a fresh read of the hub snapshot behind the topology (202; the read runs in the background). */
export const POST = apiRoute(async ({ actor, req }) => {
  return ok(await refreshLiveView({ ctx: await spokeCtx(actor, req), input: {} }), { status: 202 });
});
