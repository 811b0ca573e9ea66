import { env } from "@/lib/env";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { getEventFanout } from "@/lib/realtime/fanout";
import { createEventStream, parseLastEventId, sseHeaders } from "@/lib/realtime/sse";
import { getServices } from "@/lib/runtime/services";
import { resolveSpoke } from "@/lib/spokes/resolve";
import { streamAccessCheck } from "@/lib/spokes/stream-access";

export const dynamic = "force-dynamic";

/** SSE: ownership is checked before the stream opens and again at every heartbeat; replays after Last-Event-ID, then tails. */
export const GET = apiRoute<{ spokeId: string }>(async ({ actor, params, req }) => {
  const ctx = await spokeCtx(actor, req);
  const spoke = await resolveSpoke(ctx.db, actor, params.spokeId);
  const { handle } = await getServices();
  const lastEventId = parseLastEventId(req.headers.get("last-event-id") ?? req.nextUrl.searchParams.get("last_event_id"));
  const stream = createEventStream({ db: ctx.db, fanout: getEventFanout(handle), spokeId: spoke.id, lastEventId, signal: req.signal, heartbeatMs: env().SSE_HEARTBEAT_MS, isAuthorized: streamAccessCheck(ctx.db, actor, spoke) });
  return new Response(stream, { headers: sseHeaders() });
});
