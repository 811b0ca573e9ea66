import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { env } from "@/lib/env";
import type { EventType } from "@/lib/ledger/events";
import { appendEvents } from "@/lib/ledger/append";
import { createEventFanout, type EventFanout } from "./fanout";
import { createEventStream, END_EVENT, parseLastEventId, sseHeaders, type EventStreamOptions } from "./sse";
import { makeDeployment, makeSpoke, setDeploymentStatus } from "@/lib/ledger/test-fixtures";

let t: TestDb;
let fanout: EventFanout;
beforeAll(async () => {
  t = await createTestDb();
  fanout = createEventFanout(t);
  await fanout.ready();
});
afterAll(async () => {
  await fanout?.close();
  await t?.destroy();
});

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** Reads SSE frames off a stream; `next()` resolves null at end of stream, rejects on timeout. */
function frameReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(timeoutMs = 5_000): Promise<Frame | null> {
      const deadline = Date.now() + timeoutMs;
      while (!buffer.includes("\n\n")) {
        const left = deadline - Date.now();
        const timeout = new Promise<never>((_, rej) => setTimeout(() => rej(new Error("no frame in time")), left));
        const chunk = await Promise.race([reader.read(), timeout]);
        if (chunk.done) return null;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
      const end = buffer.indexOf("\n\n");
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame: Frame = {};
      for (const line of raw.split("\n")) {
        if (line.startsWith(":")) frame.comment = line.slice(1).trim();
        else {
          const i = line.indexOf(": ");
          frame[line.slice(0, i) as "id" | "event" | "data" | "retry"] = line.slice(i + 2);
        }
      }
      return frame;
    },
    cancel: () => reader.cancel(),
  };
}

type Spoke = Awaited<ReturnType<typeof makeSpoke>>;

async function emit(
  spoke: Spoke,
  deploymentId: string,
  type: EventType,
  opts: { status?: "succeeded" | "failed"; rollbackOf?: boolean } = {},
) {
  return t.db.transaction(async (tx) => {
    if (opts.status) await setDeploymentStatus(tx, deploymentId, opts.status);
    const rollback = opts.rollbackOf ? await makeDeployment(tx, spoke, "rollback", "queued", deploymentId) : undefined;
    const step = type.startsWith("step.") ? "create_vnet" : undefined;
    const data: Record<string, unknown> =
      type === "step.failed"
        ? { error: { code: "X", class: "permanent", message: "m" } }
        : type === "deployment.queued"
          ? { kind: "create" }
          : {};
    await appendEvents(tx, spoke.spokeId, [{ deploymentId, type, step, level: "info", message: type, data }]);
    return rollback;
  });
}

function open(spoke: Spoke, extra: Partial<EventStreamOptions> = {}) {
  return frameReader(createEventStream({ db: t.db, fanout, spokeId: spoke.spokeId, heartbeatMs: 60_000, ...extra }));
}

async function nextEvent(r: ReturnType<typeof frameReader>): Promise<Frame | null> {
  for (;;) {
    const f = await r.next();
    if (!f || f.event) return f;
  }
}

describe(`SSE event stream on ${env().DATABASE_URL ? "Postgres" : "PGlite"}`, () => {
  it("replays after Last-Event-ID without gap or repeat, then tails new events", async () => {
    const spoke = await makeSpoke(t.db);
    const dep = await makeDeployment(t.db, spoke, "create", "running");
    for (const type of ["deployment.queued", "deployment.started", "step.started", "step.succeeded"] as const) {
      await emit(spoke, dep, type);
    }
    const r = open(spoke, { lastEventId: 2 });
    expect(await r.next()).toEqual({ retry: "2000" });
    const replayed = [await nextEvent(r), await nextEvent(r)];
    expect(replayed.map((f) => [f?.id, f?.event])).toEqual([
      ["3", "step.started"],
      ["4", "step.succeeded"],
    ]);
    expect(JSON.parse(replayed[0]?.data ?? "{}")).toMatchObject({ seq: 3, spokeId: spoke.spokeId, deploymentId: dep });
    await emit(spoke, dep, "step.started");
    expect((await nextEvent(r))?.id).toBe("5");
    await r.cancel();
  });

  it("sends a heartbeat comment while idle", async () => {
    const spoke = await makeSpoke(t.db);
    await makeDeployment(t.db, spoke, "create", "running");
    const r = open(spoke, { heartbeatMs: 50 });
    expect((await r.next())?.retry).toBe("2000");
    expect(await r.next()).toEqual({ comment: "ping" });
    expect(await r.next()).toEqual({ comment: "ping" });
    await r.cancel();
  });

  it("closes at the first heartbeat after access is gone, without `end`, also while events keep coming", async () => {
    const spoke = await makeSpoke(t.db);
    const dep = await makeDeployment(t.db, spoke, "create", "running");
    let allowed = true;
    let checks = 0;
    const isAuthorized = async () => (checks++, allowed);
    const idle = open(spoke, { heartbeatMs: 50, isAuthorized });
    expect((await idle.next())?.retry).toBe("2000");
    expect(await idle.next()).toEqual({ comment: "ping" });
    allowed = false;
    const started = Date.now();
    expect(await idle.next(2_000)).toBeNull();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(checks).toBeGreaterThanOrEqual(2);

    allowed = true;
    const busy = open(spoke, { heartbeatMs: 200, isAuthorized });
    expect((await busy.next())?.retry).toBe("2000");
    allowed = false;
    // An event every 50 ms never lets the wait time out; the access check must still run.
    const frames: (Frame | null)[] = [];
    for (let i = 0; i < 20; i++) {
      await emit(spoke, dep, "step.started");
      const f = await busy.next(1_000);
      frames.push(f);
      if (f === null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(frames.at(-1)).toBeNull();
    expect(frames.length).toBeLessThan(20);
    expect(frames.some((f) => f?.event === END_EVENT)).toBe(false);
  });

  it("closes after the terminal event of the current deployment, also on a reconnect after it", async () => {
    const spoke = await makeSpoke(t.db);
    const dep = await makeDeployment(t.db, spoke, "create", "running");
    await emit(spoke, dep, "deployment.started");
    const r = open(spoke);
    expect((await nextEvent(r))?.event).toBe("deployment.started");
    await emit(spoke, dep, "deployment.succeeded", { status: "succeeded" });
    expect((await nextEvent(r))?.event).toBe("deployment.succeeded");
    expect(await r.next()).toEqual({ event: END_EVENT, data: "{}" });
    expect(await r.next()).toBeNull();
    const again = open(spoke, { lastEventId: 2 });
    expect(await nextEvent(again)).toEqual({ event: END_EVENT, data: "{}" });
    expect(await again.next()).toBeNull();
  });

  it("stays open through a failed create whose rollback is queued, and closes after the rollback", async () => {
    const spoke = await makeSpoke(t.db);
    const create = await makeDeployment(t.db, spoke, "create", "running");
    await emit(spoke, create, "step.failed");
    const rollback = await emit(spoke, create, "deployment.failed", { status: "failed", rollbackOf: true });
    if (!rollback) throw new Error("no rollback");
    const r = open(spoke, { heartbeatMs: 50 });
    expect((await nextEvent(r))?.event).toBe("step.failed");
    expect((await nextEvent(r))?.event).toBe("deployment.failed");
    // Several heartbeats (each re-checks the end condition) pass without the stream closing.
    for (let i = 0; i < 3; i++) expect(await r.next()).toEqual({ comment: "ping" });
    await emit(spoke, rollback, "deployment.started");
    await emit(spoke, rollback, "deployment.rolled_back", { status: "succeeded" });
    expect((await nextEvent(r))?.event).toBe("deployment.started");
    expect((await nextEvent(r))?.event).toBe("deployment.rolled_back");
    expect((await nextEvent(r))?.event).toBe(END_EVENT);
    expect(await r.next()).toBeNull();
  });

  it("unsubscribes and ends when the request is aborted", async () => {
    const spoke = await makeSpoke(t.db);
    await makeDeployment(t.db, spoke, "create", "running");
    let live = 0;
    const counting = {
      subscribeSpoke: (id: string, fn: (seq: number | null) => void) => {
        live++;
        const off = fanout.subscribeSpoke(id, fn);
        return () => {
          live--;
          off();
        };
      },
    };
    const abort = new AbortController();
    const r = open(spoke, { fanout: counting, signal: abort.signal });
    expect((await r.next())?.retry).toBe("2000");
    expect(live).toBe(1);
    const ended = r.next();
    abort.abort();
    expect(await ended).toBeNull();
    expect(live).toBe(0);
  });

  it("parses Last-Event-ID defensively and sets non-buffering headers", () => {
    expect(parseLastEventId("42")).toBe(42);
    expect(parseLastEventId("-1")).toBeUndefined();
    expect(parseLastEventId("abc")).toBeUndefined();
    expect(parseLastEventId(null)).toBeUndefined();
    expect(sseHeaders()).toMatchObject({ "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" });
  });
});
