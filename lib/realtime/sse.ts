/**
 * A spoke's live event stream in Server-Sent Events format (ARCHITECTURE.md §10): replay after
 * Last-Event-ID, then tail; NOTIFY only wakes the stream, which always reads rows after its cursor.
 * Framework-free (a web ReadableStream), so the route stays a thin adapter and tests need no Next.
 */
import type { DbOrTx } from "@/db/client";
import { metrics } from "@/lib/metrics/registry";
import type { DeploymentEvent } from "@/lib/ledger/events";
import type { EventFanout } from "./fanout";
import { DEFAULT_READ_LIMIT, readEventsAfter } from "@/lib/ledger/read";
import { isSpokeStreamFinished } from "@/lib/ledger/stream-end";
import { createWakeWaiter, type WakeWaiter } from "./wake-waiter";

export const DEFAULT_HEARTBEAT_MS = 15_000;
export const RECONNECT_DELAY_MS = 2_000;
/**
 * Sent (without an id, so the cursor stays put) just before a finished stream closes, so the
 * browser can close its EventSource instead of reconnecting to a stream that has nothing more.
 */
export const END_EVENT = "end";

export interface FinishedContext {
  sentThroughSeq: number;
  lastSent: DeploymentEvent | undefined;
}

export interface EventStreamOptions {
  db: DbOrTx;
  fanout: Pick<EventFanout, "subscribeSpoke">;
  spokeId: string;
  /** The client's Last-Event-ID; replay starts after it (from the start when absent). */
  lastEventId?: number;
  /** Defaults to the deployments-table check of stream-end.ts. */
  isFinished?: (ctx: FinishedContext) => boolean | Promise<boolean>;
  heartbeatMs?: number;
  /**
   * Asked at every heartbeat; false closes the stream (no `end`: the reconnect then meets the
   * 401/404 and the browser stops). A stream must not outlive the caller's access.
   */
  isAuthorized?: () => Promise<boolean>;
  signal?: AbortSignal;
  batchSize?: number;
}

export function sseHeaders(): Record<string, string> {
  return {
    "content-type": "text/event-stream; charset=utf-8",
    // no-transform keeps `next start` from gzip-buffering the stream (ARCHITECTURE.md G26).
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  };
}

/** A Last-Event-ID header as a cursor; anything malformed means "from the start". */
export function parseLastEventId(value: string | null | undefined): number | undefined {
  if (!value || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

export function formatEvent(event: DeploymentEvent): string {
  // JSON.stringify escapes newlines, so the payload is always one `data:` line.
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

async function* frames(opts: EventStreamOptions, waiter: WakeWaiter, signal: AbortSignal): AsyncGenerator<string> {
  const { db, spokeId } = opts;
  const batchSize = opts.batchSize ?? DEFAULT_READ_LIMIT;
  const isFinished =
    opts.isFinished ?? ((ctx: FinishedContext) => isSpokeStreamFinished(db, spokeId, ctx.sentThroughSeq));
  let cursor = opts.lastEventId ?? 0;
  let lastSent: DeploymentEvent | undefined;
  const heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  let checkedAt = Date.now();
  yield `retry: ${RECONNECT_DELAY_MS}\n\n`;
  while (!signal.aborted) {
    for (;;) {
      const batch = await readEventsAfter(db, spokeId, cursor, batchSize);
      const last = batch.at(-1);
      if (!last) break;
      cursor = last.seq;
      lastSent = last;
      yield batch.map(formatEvent).join("");
      if (batch.length < batchSize) break;
    }
    if (await isFinished({ sentThroughSeq: cursor, lastSent })) {
      yield `event: ${END_EVENT}\ndata: {}\n\n`;
      return;
    }
    // A heartbeat also re-reads and re-checks: the backstop for a wake-up that never came.
    const woke = await waiter.wait(heartbeatMs);
    // Busy streams wake without timing out, so the access check keeps its own clock.
    if (opts.isAuthorized && (woke === "timeout" || Date.now() - checkedAt >= heartbeatMs)) {
      if (!(await opts.isAuthorized())) return;
      checkedAt = Date.now();
    }
    if (woke === "timeout") yield ": ping\n\n";
  }
}

export function createEventStream(opts: EventStreamOptions): ReadableStream<Uint8Array> {
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  if (opts.signal?.aborted) stop.abort();
  opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const waiter = createWakeWaiter(stop.signal);
  // Subscribed before the first read, so an event committed during the replay still wakes us.
  const unsubscribe = opts.fanout.subscribeSpoke(opts.spokeId, () => waiter.wake());
  metrics().sseClients.inc();
  let open = true;
  const cleanup = () => {
    if (open) metrics().sseClients.dec();
    open = false;
    unsubscribe();
    opts.signal?.removeEventListener("abort", onOuterAbort);
    stop.abort();
  };
  const it = frames(opts, waiter, stop.signal);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await it.next();
        if (next.done || stop.signal.aborted) {
          cleanup();
          controller.close();
        } else {
          controller.enqueue(encoder.encode(next.value));
        }
      } catch (err) {
        cleanup();
        controller.error(err);
      }
    },
    cancel() {
      cleanup();
      void it.return(undefined).catch(() => {});
    },
  });
}
