/**
 * GET /api/spokes/{id}/events (ARCHITECTURE.md §10): every event of a create in order; a reconnect with
 * Last-Event-ID gets the rest with no gap and no repeat; `event: end` and close after the terminal
 * event; a heartbeat on an idle stream. The simulator's latency faults stretch the run so the
 * test can hang up mid-way (the e2e server sends a heartbeat every 500 ms).
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import {
  api,
  cleanupSpokes,
  createToken,
  openEvents,
  readToClose,
  simulator,
  sshRsaKey,
  type SseFrame,
} from "./api-helpers";

let token = "";
let sim: APIRequestContext;
const made: string[] = [];

test.beforeAll(async ({ browser }) => {
  token = await createToken(browser, "Alice");
  sim = await simulator();
});

test.afterAll(async () => {
  await cleanupSpokes(token, made);
  await sim.delete("/_sim/faults");
  await sim.dispose();
});

async function slowCreate(client: string, latencyMs: number): Promise<{ id: string; deployment_id: string }> {
  const vmName = `${client}-vm`;
  const fault = await sim.post("/_sim/faults", {
    data: { kind: "latency", operation: "virtualMachines.createOrUpdate", name: vmName, latencyMs, times: 1 },
  });
  expect(fault.status()).toBe(201);
  const res = await api<{ id: string; deployment_id: string }>("POST", "/api/spokes", {
    token,
    json: { client_name: client, vm_name: vmName, ssh_public_key: sshRsaKey() },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  made.push(res.body.data!.id);
  return res.body.data!;
}

const events = (frames: SseFrame[]) => frames.filter((f) => f.id !== undefined);
const parsed = (f: SseFrame) => JSON.parse(f.data ?? "{}") as { seq: number; type: string; deploymentId: string };

test("every event of a create arrives in order, then `end`, then the stream closes", async () => {
  const created = await slowCreate("sse-order", 300);
  const conn = await openEvents(created.id, { token });
  expect(conn.status).toBe(200);
  expect(conn.headers.get("content-type")).toMatch(/^text\/event-stream/);
  expect(conn.headers.get("cache-control")).toContain("no-transform");
  const frames = await readToClose(conn);
  expect(frames[0]?.retry).toBe(2000);

  const evs = events(frames);
  expect(evs.map((f) => Number(f.id))).toEqual(evs.map((_, i) => i + 1));
  for (const f of evs) {
    expect(parsed(f).seq).toBe(Number(f.id));
    expect(parsed(f).type).toBe(f.event);
    // Spoke-level events (no deployment) may interleave; none belongs to another deployment.
    expect([created.deployment_id, null], `${f.event}`).toContain(parsed(f).deploymentId);
  }
  expect(parsed(evs.at(-1)!).deploymentId).toBe(created.deployment_id);
  const types = evs.map((f) => f.event);
  expect(types[0]).toBe("deployment.queued");
  expect(types).toContain("deployment.started");
  expect(types).toContain("step.succeeded");
  expect(types.at(-1)).toBe("deployment.succeeded");
  // `end` comes after the terminal event and is the last thing before the close.
  const last = frames.filter((f) => !f.comment).at(-1);
  expect(last).toMatchObject({ event: "end" });
  expect(last?.id).toBeUndefined();

  // A later client replays the same sequence from the start and is closed the same way.
  const replay = await readToClose(await openEvents(created.id, { token }));
  expect(events(replay).map((f) => `${f.id} ${f.event}`)).toEqual(evs.map((f) => `${f.id} ${f.event}`));
  expect(replay.at(-1)).toMatchObject({ event: "end" });
});

test("a client that hangs up mid-run and reconnects with Last-Event-ID gets the rest: no gap, no repeat", async () => {
  const created = await slowCreate("sse-resume", 2_500);
  const first = await openEvents(created.id, { token });
  const seen: SseFrame[] = [];
  while (seen.length < 3) {
    const f = await first.next();
    if (!f) throw new Error("stream closed early");
    if (f.id !== undefined) seen.push(f);
  }
  first.close();
  expect(seen.map((f) => f.event)).not.toContain("deployment.succeeded");
  const progress = await api<{ status: string }>("GET", `/api/spokes/${created.id}/progress`, { token });
  expect(progress.body.data!.status).toBe("in_progress");

  const lastId = seen.at(-1)!.id!;
  const rest = events(await readToClose(await openEvents(created.id, { token, lastEventId: lastId })));
  const ids = [...seen, ...rest].map((f) => Number(f.id));
  expect(ids).toEqual(ids.map((_, i) => i + 1));
  expect(rest[0]!.id).toBe(String(Number(lastId) + 1));
  expect(rest.at(-1)!.event).toBe("deployment.succeeded");

  const full = events(await readToClose(await openEvents(created.id, { token })));
  expect([...seen, ...rest].map((f) => f.data)).toEqual(full.map((f) => f.data));
});

test("an idle stream carries heartbeats until the deployment moves on", async () => {
  const created = await slowCreate("sse-idle", 3_000);
  const conn = await openEvents(created.id, { token });
  let pingAt = -1;
  const frames: SseFrame[] = [];
  for (;;) {
    const f = await conn.next(10_000);
    if (!f) break;
    frames.push(f);
    if (f.comment === "ping" && pingAt < 0) pingAt = frames.length - 1;
  }
  expect(pingAt, "a `: ping` heartbeat while the VM create was held back").toBeGreaterThan(0);
  // Events kept flowing after the idle stretch and the stream still ended normally.
  expect(events(frames.slice(pingAt)).length).toBeGreaterThan(0);
  expect(frames.at(-1)).toMatchObject({ event: "end" });
});

test("the stream refuses anonymous callers and other users before it opens", async ({ browser }) => {
  const created = await slowCreate("sse-private", 10);
  const anon = await api("GET", `/api/spokes/${created.id}/events`);
  expect(anon.status).toBe(401);
  const bob = await createToken(browser, "Bob");
  const other = await api("GET", `/api/spokes/${created.id}/events`, { token: bob });
  expect(other.status).toBe(404);
  expect(other.headers.get("content-type")).toMatch(/json/);
});
