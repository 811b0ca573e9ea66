/** Helpers for the `api` specs: tokens made through the Settings page, a fetch client, SSE frames, the simulator's admin API. */
import { generateKeyPairSync } from "node:crypto";
import { expect, request as pwRequest, type APIRequestContext, type Browser } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { simulatorUrl } from "./admin-token";
import { signInAs, type DevUser } from "./helpers";

export { BASE_URL };

/** A personal API token for `user`, created (and optionally revoked) the way a user does: in Settings. */
export async function createToken(browser: Browser, user: DevUser, opts: { revoke?: boolean } = {}): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signInAs(page, user);
    await page.goto("/settings");
    const name = `e2e-${user.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    await page.getByLabel("Token name").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
    expect(token).toMatch(/^hsc_/);
    if (opts.revoke) {
      await page.getByRole("button", { name: `Revoke token ${name}` }).click();
      await expect(page.getByRole("row", { name: new RegExp(name) }).getByText("revoked")).toBeVisible();
    }
    return token;
  } finally {
    await context.close();
  }
}

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: {
    status?: string;
    data?: T;
    code?: string;
    message?: string;
    trace_id?: string;
    count?: number;
    next_cursor?: string | null;
    details?: unknown;
  } & Record<string, unknown>;
  ms: number;
}

/** fetch against the app with a Bearer token (or none); JSON in, JSON out. */
export async function api<T = unknown>(
  method: string,
  path: string,
  opts: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers["content-type"] ??= "application/json";
  }
  const started = Date.now();
  const res = await fetch(`${BASE_URL}${path}`, { method, headers, body, redirect: "manual" });
  const text = await res.text();
  let parsed: ApiAnswer<T>["body"];
  try {
    parsed = JSON.parse(text) as ApiAnswer<T>["body"];
  } catch {
    parsed = { raw: text.slice(0, 300) };
  }
  // Every error answer of every spec carries a stable machine-readable code (README, "Error codes").
  if (res.status >= 400)
    expect(parsed.code, `${method} ${path} → ${res.status} has a code: ${text.slice(0, 200)}`).toMatch(/^[a-z_]+$/);
  return { status: res.status, headers: res.headers, body: parsed, ms: Date.now() - started };
}

/** An OpenSSH `ssh-rsa` public key (2048 bits), as a user would paste it. */
export function sshRsaKey(comment = "e2e@example.com"): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  const mpint = (b64url: string) => {
    let bytes = Buffer.from(b64url, "base64url");
    if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return bytes;
  };
  const field = (buf: Buffer) => Buffer.concat([Buffer.from(Uint32Array.of(buf.length).buffer).reverse(), buf]);
  const blob = Buffer.concat([field(Buffer.from("ssh-rsa")), field(mpint(jwk.e!)), field(mpint(jwk.n!))]);
  return `ssh-rsa ${blob.toString("base64")} ${comment}`;
}

export const SPOKE_TERMINAL = ["completed", "failed", "rolled_back", "rollback_failed", "deleted", "delete_failed"];

interface ProgressView {
  status: string;
  deployment_id: string | null;
  progress_percentage: number;
  steps: { key: string; status: string }[];
}

/** Polls /progress until the spoke reaches one of `statuses` (or any terminal status, which then fails the expectation). */
export async function waitForSpoke(
  token: string,
  ref: string | number,
  statuses: string[],
  timeoutMs = 45_000,
): Promise<ProgressView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api<ProgressView>("GET", `/api/spokes/${ref}/progress`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const view = res.body.data!;
    if (statuses.includes(view.status)) return view;
    if (SPOKE_TERMINAL.includes(view.status) || Date.now() > deadline) {
      throw new Error(
        `spoke ${ref} is ${view.status}, waiting for ${statuses.join("|")}: ${JSON.stringify(view).slice(0, 800)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * GET /api/spokes/{ref} once its live Azure view has been read after `since` (the view is a shared
 * snapshot refreshed in the background, README "Live views"; the e2e server reads every 3 s).
 */
export async function getSpokeLive<T extends { live?: { read_at: string | null } }>(
  token: string,
  ref: string | number,
  since: Date,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api<T>("GET", `/api/spokes/${ref}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const readAt = res.body.data!.live?.read_at;
    if (readAt && Date.parse(readAt) >= since.getTime()) return res.body.data!;
    if (Date.now() > deadline)
      throw new Error(
        `spoke ${ref}: no live view read since ${since.toISOString()}: ${JSON.stringify(res.body.data).slice(0, 500)}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: number;
}

/** An open SSE connection: frames as they arrive, and a way to hang up. */
export interface SseConnection {
  status: number;
  headers: Headers;
  next(timeoutMs?: number): Promise<SseFrame | null>;
  close(): void;
}

export async function openEvents(
  ref: string,
  opts: { token?: string; lastEventId?: string } = {},
): Promise<SseConnection> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: "text/event-stream" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.lastEventId) headers["last-event-id"] = opts.lastEventId;
  const res = await fetch(`${BASE_URL}/api/spokes/${ref}/events`, { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const pending: SseFrame[] = [];
  let ended = false;
  const parse = (block: string): SseFrame | null => {
    const frame: SseFrame = {};
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) frame.comment = line.slice(1).trim();
      else {
        const [k, ...rest] = line.split(":");
        const v = rest.join(":").replace(/^ /, "");
        if (k === "id") frame.id = v;
        else if (k === "event") frame.event = v;
        else if (k === "data") frame.data = frame.data === undefined ? v : `${frame.data}\n${v}`;
        else if (k === "retry") frame.retry = Number(v);
      }
    }
    return Object.keys(frame).length ? frame : null;
  };
  return {
    status: res.status,
    headers: res.headers,
    async next(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pending.length && !ended) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("no SSE frame within the timeout");
        const chunk = await Promise.race([
          reader.read(),
          new Promise<"timeout">((r) => setTimeout(() => r("timeout"), left)),
        ]);
        if (chunk === "timeout") continue;
        if (chunk.done) {
          ended = true;
          break;
        }
        buffer += decoder.decode(chunk.value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const frame = parse(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          if (frame) pending.push(frame);
        }
      }
      return pending.shift() ?? null;
    },
    close() {
      controller.abort();
    },
  };
}

/** Reads frames until the server closes the stream; the `end` frame, if any, is included. */
export async function readToClose(conn: SseConnection, timeoutMs = 45_000): Promise<SseFrame[]> {
  const frames: SseFrame[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const f = await conn.next(Math.max(1, deadline - Date.now()));
    if (!f) return frames;
    frames.push(f);
  }
}

/** The embedded ARM simulator's admin API (its URL is on /api/health, for admins). */
export async function simulator(): Promise<APIRequestContext> {
  const url = await simulatorUrl();
  expect(url, "the embedded simulator's URL on /api/health (admin)").toMatch(/^https:\/\//);
  return pwRequest.newContext({ baseURL: url, ignoreHTTPSErrors: true });
}

/** The simulator's counters: `writes` is PUT+PATCH+POST, `deletes` DELETE. */
export async function simRequests(
  sim: APIRequestContext,
): Promise<{ writes: number; deletes: number; byMethodAndOperation: Record<string, number> }> {
  const res = await sim.get("/_sim/requests");
  expect(res.status()).toBe(200);
  return (await res.json()) as { writes: number; deletes: number; byMethodAndOperation: Record<string, number> };
}

/**
 * Tears down the spokes a spec made and waits until they are gone, so later specs (which share
 * the three seeded users) start from the state they expect.
 */
export async function cleanupSpokes(token: string, refs: (string | number)[]): Promise<void> {
  await Promise.all(
    refs.map(async (ref) => {
      const progress = await waitForSpoke(token, ref, SPOKE_TERMINAL);
      if (progress.status === "deleted") return;
      const res = await api("DELETE", `/api/spokes/${ref}`, { token });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      await waitForSpoke(token, ref, ["deleted"]);
    }),
  );
}
