/**
 * Fuzz: ≥ 1,000 generated malformed requests (seeded, so every run sends the same ones). Every
 * answer is a 4xx JSON envelope with a message and a stable `code` that maps to that HTTP status; nothing is written to the database (the admin's
 * view of all spokes is unchanged) and nothing to Azure (the simulator's write counters are unchanged).
 */
import { expect, test } from "@playwright/test";
import { api, BASE_URL, createToken, simRequests, simulator, SPOKE_TERMINAL } from "./api-helpers";
import { generateCases, type FuzzCase } from "./fuzz-cases";
import { APP_ERROR_STATUS } from "../lib/errors";

/** The HTTP status lib/errors.ts gives a code, or undefined for a code it does not define. */
const statusOfCode = (code: unknown) =>
  typeof code === "string" ? (APP_ERROR_STATUS as Record<string, number>)[code] : undefined;

const SEED = 0x5eed_2026;
const COUNT = 1200;
const PARALLEL = 8;

test.setTimeout(240_000);

interface Outcome {
  c: FuzzCase;
  status: number;
  message: unknown;
  code: unknown;
  contentType: string;
}

async function send(c: FuzzCase, adminToken: string): Promise<Outcome> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.auth === undefined || c.auth === "admin") headers.authorization = `Bearer ${adminToken}`;
  else if (c.auth !== "none") headers.authorization = c.auth.header;
  const res = await fetch(`${BASE_URL}${c.path}`, { method: c.method, headers, body: c.body, redirect: "manual" });
  const contentType = res.headers.get("content-type") ?? "";
  const text = await res.text();
  let message: unknown;
  let code: unknown;
  try {
    ({ message, code } = JSON.parse(text) as { message?: unknown; code?: unknown });
  } catch {
    message = undefined;
  }
  return { c, status: res.status, message, code, contentType };
}

/** Admin's view of every live spoke, and the simulator's write counters, once nothing is running. */
async function quiescentSnapshot(adminToken: string, sim: Awaited<ReturnType<typeof simulator>>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const list = await api<{ id: string; status: string; updated_at: string }[]>("GET", "/api/spokes?limit=200", {
      token: adminToken,
    });
    const busy = list.body.data!.filter((s) => !SPOKE_TERMINAL.includes(s.status));
    const before = await simRequests(sim);
    await new Promise((r) => setTimeout(r, 750));
    const after = await simRequests(sim);
    if (!busy.length && before.writes === after.writes && before.deletes === after.deletes) {
      return { spokes: JSON.stringify(list.body.data), writes: after.writes, deletes: after.deletes };
    }
    if (Date.now() > deadline) throw new Error(`still busy: ${busy.map((s) => s.status).join(",")}`);
  }
}

test(`fuzz: ${COUNT} malformed requests → 4xx with a message, no 5xx, no row, no ARM write`, async ({ browser }) => {
  const adminToken = await createToken(browser, "Admin");
  const sim = await simulator();
  const before = await quiescentSnapshot(adminToken, sim);

  const cases = generateCases(SEED, COUNT);
  expect(cases.length).toBeGreaterThanOrEqual(1000);
  const outcomes: Outcome[] = [];
  for (let i = 0; i < cases.length; i += PARALLEL) {
    outcomes.push(...(await Promise.all(cases.slice(i, i + PARALLEL).map((c) => send(c, adminToken)))));
  }

  const bad = outcomes.filter(
    (o) =>
      o.status < 400 ||
      o.status >= 500 ||
      typeof o.message !== "string" ||
      o.message.length === 0 ||
      statusOfCode(o.code) !== o.status ||
      !o.contentType.includes("json"),
  );
  const describe = (o: Outcome) =>
    `${o.status} ${o.c.kind} ${o.c.method} ${o.c.path.slice(0, 80)} body=${(o.c.body ?? "").slice(0, 160)} → ${String(o.code)} ${String(o.message).slice(0, 120)}`;
  expect(bad.map(describe), "every answer is a 4xx JSON envelope with a code and a message").toEqual([]);

  const byStatus: Record<number, number> = {};
  for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  const kinds = new Set(outcomes.map((o) => o.c.kind.split(":")[0]));
  console.log(
    `fuzz: ${outcomes.length} requests, seed ${SEED.toString(16)}, statuses ${JSON.stringify(byStatus)}, ${kinds.size} kinds`,
  );
  // The mix really covers the listed classes of mistakes.
  for (const k of [
    "wrong type",
    "missing required field",
    "extra field",
    "bad ssh key",
    "bad cidr",
    "invalid json",
    "oversized body",
    "bad query",
    "bad path id",
    "huge unicode",
    "bad credentials",
  ]) {
    expect([...kinds], k).toContain(k);
  }
  for (const s of [400, 401, 404, 413, 415]) expect(byStatus[s], `some ${s}`).toBeGreaterThan(0);

  const after = await quiescentSnapshot(adminToken, sim);
  expect(after.spokes, "no spoke row written or changed").toBe(before.spokes);
  expect({ writes: after.writes, deletes: after.deletes }, "no ARM write").toEqual({
    writes: before.writes,
    deletes: before.deletes,
  });
  await sim.dispose();
});
