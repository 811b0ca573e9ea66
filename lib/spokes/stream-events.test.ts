/**
 * streamSpokeEvents, the event-stream verb: who may open a spoke's stream, the Last-Event-ID
 * cursor as the route receives it (a header string), and the re-check of the caller's credential
 * at every heartbeat (a signed-out session closes the stream).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { Actor } from "@/lib/auth/actor";
import { endSession, startSession } from "@/lib/auth/sessions";
import { appendEvents } from "@/lib/ledger/append";
import { createEventFanout, type EventFanout } from "@/lib/realtime/fanout";
import { makeDeployment, makeSpoke } from "@/lib/ledger/test-fixtures";
import { streamSpokeEvents, type StreamCtx } from "./stream-events";

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

/** The text of a stream until `until` matches it, or fails after `ms`. */
async function readUntil(body: ReadableStream<Uint8Array>, until: RegExp, ms = 5_000): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  try {
    while (!until.test(text)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stream did not show ${until} in time; got ${JSON.stringify(text)}`);
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, rej) =>
          setTimeout(() => rej(new Error(`no data in time; got ${JSON.stringify(text)}`)), left),
        ),
      ]);
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

async function owned() {
  const spoke = await makeSpoke(t.db);
  const dep = await makeDeployment(t.db, spoke, "create", "running");
  await t.db.transaction((tx) =>
    appendEvents(tx, spoke.spokeId, [
      { deploymentId: dep, type: "deployment.queued", level: "info", message: "queued", data: { kind: "create" } },
      { deploymentId: dep, type: "deployment.started", level: "info", message: "started", data: {} },
    ]),
  );
  const sid = await startSession({
    ctx: { db: t.db },
    input: { userId: spoke.userId, provider: "microsoft-entra-id" },
  });
  const actor: Actor = {
    id: spoke.userId,
    email: "owner@example.com",
    name: "owner",
    role: "user",
    via: "session",
    credentialId: sid,
  };
  return { spoke, actor, sid };
}

const ctxFor = (actor: Actor, heartbeatMs = 60_000): StreamCtx => ({
  actor,
  db: t.db,
  fanout,
  signal: new AbortController().signal,
  heartbeatMs,
});

describe("streamSpokeEvents", () => {
  it("answers the owner with SSE headers and replays the events after Last-Event-ID", async () => {
    const { spoke, actor } = await owned();
    const all = await streamSpokeEvents({ ctx: ctxFor(actor), input: { ref: spoke.spokeId } });
    expect(all.headers["content-type"]).toMatch(/^text\/event-stream/);
    const text = await readUntil(all.body, /event: deployment\.started/);
    expect(text).toMatch(/id: 1\nevent: deployment\.queued/);
    const after = await streamSpokeEvents({ ctx: ctxFor(actor), input: { ref: spoke.spokeId, lastEventId: "1" } });
    const rest = await readUntil(after.body, /event: deployment\.started/);
    expect(rest).not.toMatch(/deployment\.queued/);
    expect(rest).toMatch(/id: 2\nevent: deployment\.started/);
  });

  it("is 'not found' for another user's spoke, before any stream opens", async () => {
    const { spoke } = await owned();
    const { actor: stranger } = await owned();
    await expect(streamSpokeEvents({ ctx: ctxFor(stranger), input: { ref: spoke.spokeId } })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("closes at the next heartbeat once the caller's session has ended", async () => {
    const { spoke, actor, sid } = await owned();
    const { body } = await streamSpokeEvents({ ctx: ctxFor(actor, 50), input: { ref: spoke.spokeId } });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!/: ping/.test(text)) text += decoder.decode((await reader.read()).value, { stream: true });
    await endSession({ ctx: { db: t.db }, input: { sessionId: sid, reason: "sign_out" } });
    const started = Date.now();
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      if (Date.now() - started > 3_000) throw new Error("stream still open 3 s after sign-out");
    }
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
