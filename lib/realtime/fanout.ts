/**
 * One LISTEN per process, fanned out in-process to SSE streams and list views (ARCHITECTURE.md §10).
 * Notifications are wake-ups only: a subscriber always re-reads rows after its own cursor, so a
 * lost, late or coalesced notification costs latency, never an event.
 */
import type { DbHandle } from "@/db/client";
import { log } from "@/lib/log";
import { EVENTS_CHANNEL, decodeWake } from "@/lib/ledger/channel";
import { listenForEvents, type StopListening } from "./listen-source";

/** `lastSeq` is null when the wake is a reconnect: something may have been missed, re-read. */
export type SpokeWake = (lastSeq: number | null) => void;
/** `spokeId` is null on a reconnect: every spoke may have changed. */
export type AnyWake = (spokeId: string | null, lastSeq: number | null) => void;

export interface EventFanout {
  subscribeSpoke(spokeId: string, onWake: SpokeWake): () => void;
  subscribeAll(onWake: AnyWake): () => void;
  /** Resolves once LISTEN is established; rejects if it could not be (subscribers still work). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface FanoutOptions {
  onError?: (err: unknown) => void;
}

export function createEventFanout(handle: DbHandle, opts: FanoutOptions = {}): EventFanout {
  const onError = opts.onError ?? ((err: unknown) => log.error("event listener failed", { err: String(err) }));
  const bySpoke = new Map<string, Set<SpokeWake>>();
  const all = new Set<AnyWake>();
  let starting: Promise<StopListening> | undefined;
  let closed = false;

  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      onError(err); // one bad subscriber must not starve the others
    }
  };
  const onPayload = (payload: string) => {
    const wake = decodeWake(payload);
    if (!wake) return;
    for (const fn of bySpoke.get(wake.spokeId) ?? []) safely(() => fn(wake.lastSeq));
    for (const fn of all) safely(() => fn(wake.spokeId, wake.lastSeq));
  };
  const wakeEveryone = () => {
    for (const set of bySpoke.values()) for (const fn of set) safely(() => fn(null));
    for (const fn of all) safely(() => fn(null, null));
  };

  const start = () => {
    if (closed) return Promise.reject(new Error("event fan-out closed"));
    starting ??= listenForEvents(handle, EVENTS_CHANNEL, onPayload, wakeEveryone).catch((err: unknown) => {
      starting = undefined; // the next subscriber retries instead of inheriting the failure
      throw err;
    });
    return starting;
  };
  const startQuietly = () => void start().catch(onError);

  return {
    subscribeSpoke(spokeId, onWake) {
      startQuietly();
      const set = bySpoke.get(spokeId) ?? new Set<SpokeWake>();
      bySpoke.set(spokeId, set);
      set.add(onWake);
      return () => {
        set.delete(onWake);
        if (set.size === 0 && bySpoke.get(spokeId) === set) bySpoke.delete(spokeId);
      };
    },
    subscribeAll(onWake) {
      startQuietly();
      all.add(onWake);
      return () => void all.delete(onWake);
    },
    ready: async () => void (await start()),
    async close() {
      closed = true;
      bySpoke.clear();
      all.clear();
      const stop = await starting?.catch(() => undefined);
      starting = undefined;
      await stop?.();
    },
  };
}

const globalForFanout = globalThis as unknown as { __hscEventFanout?: WeakMap<DbHandle, EventFanout> };

/** The process's fan-out for this database handle, created on first use (HMR-safe). */
export function getEventFanout(handle: DbHandle): EventFanout {
  const map = (globalForFanout.__hscEventFanout ??= new WeakMap());
  let fanout = map.get(handle);
  if (!fanout) {
    fanout = createEventFanout(handle);
    map.set(handle, fanout);
  }
  return fanout;
}
