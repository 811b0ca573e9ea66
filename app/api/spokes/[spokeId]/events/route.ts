import { apiRoute } from "@/lib/http/route";
import { streamCtx } from "@/lib/http/spoke-ctx";
import { streamSpokeEvents } from "@/lib/spokes/stream-events";

export const dynamic = "force-dynamic";

/** SSE: ownership is checked before the stream opens and again at every heartbeat; replays after Last-Event-ID, then tails. */
export const GET = apiRoute<{ spokeId: string }>(async ({ actor, params, req }) => {
  const lastEventId = req.headers.get("last-event-id") ?? req.nextUrl.searchParams.get("last_event_id");
  const stream = await streamSpokeEvents({
    ctx: await streamCtx(actor, req),
    input: { ref: params.spokeId, lastEventId },
  });
  return new Response(stream.body, { headers: stream.headers });
});
