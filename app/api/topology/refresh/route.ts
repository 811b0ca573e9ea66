import { env } from "@/lib/env";
import { ok } from "@/lib/http/envelope";
import { rateLimit } from "@/lib/http/rate-limit";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { refreshLiveView } from "@/lib/spokes/refresh-live";

export const dynamic = "force-dynamic";

/** Ask for a fresh read of the hub snapshot behind the topology (202; the read runs in the background). */
export const POST = apiRoute(async ({ actor, req }) => {
  rateLimit(`live-refresh:${actor.id}`, env().LIVE_REFRESH_USER_LIMIT, 60_000, "refresh requests");
  return ok(await refreshLiveView({ ctx: await spokeCtx(actor, req), input: {} }), { status: 202 });
});
