/**
 * streamSpokeEvents: a spoke's deployment events as Server-Sent Events (ARCHITECTURE.md §8).
 * Ownership is checked before the stream opens and again at every heartbeat (the credential and
 * the role as they are now); the stream replays what follows Last-Event-ID, then tails the
 * fan-out. The route only builds the context (lib/http/spoke-ctx.ts) and answers the body.
 */
import { env } from "@/lib/env";
import type { EventFanout } from "@/lib/realtime/fanout";
import { createEventStream, parseLastEventId, sseHeaders } from "@/lib/realtime/sse";
import type { SpokeCtx } from "./context";
import { resolveSpoke } from "./resolve";
import { streamAccessCheck } from "./stream-access";

export interface StreamCtx extends Pick<SpokeCtx, "actor" | "db"> {
  /** The process's event fan-out (one LISTEN connection shared by every stream). */
  fanout: EventFanout;
  /** The request's abort signal: the stream ends when the client goes. */
  signal: AbortSignal;
  /** Heartbeat (and re-authorisation) interval; SSE_HEARTBEAT_MS when absent. */
  heartbeatMs?: number;
}

export interface StreamInput {
  /** The spoke's uuid or number. */
  ref: string;
  /** The Last-Event-ID header (or `last_event_id` query) as sent; invalid values replay from the start. */
  lastEventId?: string | null;
}

export async function streamSpokeEvents({
  ctx,
  input,
}: {
  ctx: StreamCtx;
  input: StreamInput;
}): Promise<{ body: ReadableStream<Uint8Array>; headers: Record<string, string> }> {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  const body = createEventStream({
    db: ctx.db,
    fanout: ctx.fanout,
    spokeId: spoke.id,
    lastEventId: parseLastEventId(input.lastEventId),
    signal: ctx.signal,
    heartbeatMs: ctx.heartbeatMs ?? env().SSE_HEARTBEAT_MS,
    isAuthorized: streamAccessCheck(ctx.db, ctx.actor, spoke),
  });
  return { body, headers: sseHeaders() };
}
