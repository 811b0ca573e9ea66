/**
 * The attacker's view of sign-in, tokens and streams, against the built app: the passwordless dev
 * sign-in reaches only the seeded users; revoked, expired and token-minted tokens are refused; an
 * open event stream closes within one heartbeat (500 ms on the e2e server) of a revocation.
 * (A dev session or token refused after a switch to Azure mode is proven on one database in
 * lib/auth/attack-auth.test.ts: the two e2e servers cannot share an embedded database.)
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { api, cleanupSpokes, createToken, openEvents, simulator, sshRsaKey, type SseFrame } from "./api-helpers";
import { signInAs } from "./helpers";

const HEARTBEAT_MS = 500; // SSE_HEARTBEAT_MS of the e2e server (playwright.config.ts)
const DATA_DIR = path.join(".data", "e2e");

/**
 * The operator's CLIs, as a person at the server would run them (they talk to the running server).
 * Async on purpose: a blocked event loop would miss the server closing idle keep-alive sockets.
 */
async function cli(script: "admin" | "token", args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join("node_modules", "tsx", "dist", "cli.mjs"), `lib/cli/${script}.ts`, ...args],
    {
      env: { ...process.env, DATA_DIR, LOG_LEVEL: "warn" },
      encoding: "utf8",
    },
  );
  return stdout.trim();
}

async function serviceAccount(tag: string): Promise<{ email: string; token: string }> {
  const email = `${tag}-${Date.now().toString(36)}@example.com`;
  expect(await cli("admin", ["--add-user", email])).toContain(`Added service account ${email}`);
  return { email, token: await cli("token", ["--user", email, "--name", tag]) };
}

async function revokeAllSessionsOf(
  browser: Browser,
  email: string,
): Promise<{ page: Page; done: () => Promise<number> }> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, "Admin");
  await page.goto("/admin");
  return {
    page,
    done: async () => {
      await page.getByRole("button", { name: `Revoke all sessions of ${email}` }).click();
      await expect(page.getByRole("row", { name: new RegExp(email) }).getByText(/UTC$/)).toBeVisible();
      return Date.now();
    },
  };
}

test.describe.configure({ mode: "serial" });

test("the dev sign-in refuses an account that is in the database but is not a seeded user", async ({ request }) => {
  const svc = await serviceAccount("not-seeded");
  // The account exists and works with its own token...
  const me = await api<{ email: string }>("GET", "/api/me", { token: svc.token });
  expect(me.status).toBe(200);
  expect(me.body.data!.email).toBe(svc.email);
  // ...but the passwordless sign-in will not hand out a session for it.
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await request.post("/api/auth/callback/dev", {
    form: { email: svc.email, csrfToken: csrf.csrfToken },
    maxRedirects: 0,
  });
  expect((await request.get("/api/me")).status()).toBe(401);
  // A seeded user on the same path still signs in (the refusal is about the account, not the path).
  await request.post("/api/auth/callback/dev", {
    form: { email: "bob@example.com", csrfToken: csrf.csrfToken },
    maxRedirects: 0,
  });
  const bob = await request.get("/api/me");
  expect(bob.status()).toBe(200);
  expect((await bob.json()).data.email).toBe("bob@example.com");
});

test("revoking a user's sessions also revokes their API tokens", async ({ browser }) => {
  const svc = await serviceAccount("revoked-user");
  expect((await api("GET", "/api/me", { token: svc.token })).status).toBe(200);
  const admin = await revokeAllSessionsOf(browser, svc.email);
  await admin.done();
  const after = await api("GET", "/api/me", { token: svc.token });
  expect(after.status).toBe(401);
  expect(after.body.message).toBe("Invalid or revoked API token");
  await admin.page.context().close();
});

test("an expired token is refused; a token cannot create a token; a signed-in session can", async ({ page }) => {
  await signInAs(page, "Alice");
  const soon = new Date(Date.now() + 3_000).toISOString();
  const made = await page.request.post("/api/tokens", { data: { name: `short-${Date.now()}`, expires_at: soon } });
  expect(made.status(), await made.text()).toBe(201);
  const short = (await made.json()).data as { token: string; expires_at: string };
  expect(short.expires_at).toBe(soon);
  expect((await api("GET", "/api/me", { token: short.token })).status).toBe(200);

  const minted = await api("POST", "/api/tokens", { token: short.token, json: { name: "minted-by-a-token" } });
  expect(minted.status).toBe(403);
  expect(minted.body.message).toMatch(/cannot create tokens/);
  const listed = await api<{ name: string }[]>("GET", "/api/tokens", { token: short.token });
  expect(listed.body.data!.map((t) => t.name)).not.toContain("minted-by-a-token");

  await expect
    .poll(async () => (await api("GET", "/api/me", { token: short.token })).status, { timeout: 10_000 })
    .toBe(401);
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(soon));
});

test("an open event stream closes within one heartbeat after the user's sessions are revoked", async ({ browser }) => {
  test.setTimeout(180_000); // two CLI runs and two browser sign-ins on a shared machine
  const svc = await serviceAccount("streamer");
  const sim: APIRequestContext = await simulator();
  const adminToken = await createToken(browser, "Admin");
  // The admin's page is ready before the spoke starts, so the revocation lands mid-deployment.
  const admin = await revokeAllSessionsOf(browser, svc.email);
  const client = `attack-sse-${Date.now().toString(36)}`;
  // A slow VM keeps the deployment (and so the stream) running while we revoke.
  const fault = await sim.post("/_sim/faults", {
    data: {
      kind: "latency",
      operation: "virtualMachines.createOrUpdate",
      name: `${client}-vm`,
      latencyMs: 30_000,
      times: 1,
    },
  });
  expect(fault.status()).toBe(201);
  const created = await api<{ id: string }>("POST", "/api/spokes", {
    token: svc.token,
    json: { client_name: client, vm_name: `${client}-vm`, ssh_public_key: sshRsaKey() },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  try {
    const conn = await openEvents(created.body.data!.id, { token: svc.token });
    expect(conn.status).toBe(200);
    const frames: SseFrame[] = [];
    const closed = (async () => {
      for (let f = await conn.next(60_000); f; f = await conn.next(60_000)) frames.push(f);
      return Date.now();
    })();
    await expect.poll(() => frames.some((f) => f.event === "deployment.started"), { timeout: 15_000 }).toBe(true);
    const revokedAt = await admin.done();
    const closedAt = await closed;
    expect(closedAt - revokedAt).toBeLessThan(HEARTBEAT_MS + 1_000);
    // Closed because access ended, not because the deployment finished.
    expect(frames.some((f) => f.event === "end" || f.event === "deployment.succeeded")).toBe(false);
    // Reconnecting with the revoked token is refused.
    expect((await openEvents(created.body.data!.id, { token: svc.token })).status).toBe(401);
  } finally {
    await admin.page.context().close();
    await cleanupSpokes(adminToken, [created.body.data!.id]);
    await sim.delete("/_sim/faults");
    await sim.dispose();
  }
});
