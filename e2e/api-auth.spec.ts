/**
 * Authorization matrix over every authenticated route and the event stream: anonymous → 401,
 * revoked token → 401, another user → 404 (never 403), admin → allowed. Plus the Origin check and
 * the per-account sign-in limit (429 + Retry-After).
 */
import { expect, test } from "@playwright/test";
import { api, BASE_URL, createToken, sshRsaKey, waitForSpoke } from "./api-helpers";

interface Route {
  method: string;
  path: (ref: string) => string;
  json?: () => unknown;
}

const SPOKE_ROUTES: Route[] = [
  { method: "GET", path: (r) => `/api/spokes/${r}` },
  { method: "GET", path: (r) => `/api/console/spokes/${r}` },
  { method: "GET", path: (r) => `/api/spokes/${r}/progress` },
  { method: "GET", path: (r) => `/api/spokes/${r}/events` },
  { method: "POST", path: (r) => `/api/spokes/${r}/retry` },
  { method: "POST", path: (r) => `/api/spokes/${r}/rollback` },
  { method: "POST", path: (r) => `/api/spokes/${r}/cancel` },
  { method: "POST", path: (r) => `/api/spokes/${r}/refresh` },
  { method: "POST", path: (r) => `/api/spokes/${r}/drift-check` },
  { method: "POST", path: (r) => `/api/spokes/${r}/repair`, json: () => ({ confirm: "matrix-corp" }) },
  {
    method: "PATCH",
    path: (r) => `/api/spokes/${r}`,
    json: () => ({ vm_size: "Standard_D2s_v3", confirm: "matrix-corp" }),
  },
  { method: "POST", path: (r) => `/api/spokes/${r}/plan`, json: () => ({ vm_size: "Standard_D2s_v3" }) },
  { method: "POST", path: (r) => `/api/spokes/${r}/power`, json: () => ({ action: "stop" }) },
  { method: "POST", path: (r) => `/api/spokes/${r}/teardown/plan` },
  { method: "DELETE", path: (r) => `/api/spokes/${r}` },
  { method: "DELETE", path: (r) => `/api/spokes/${r}?confirm=not-the-name`, json: () => ({ confirm: "not-the-name" }) },
];
const ADMIN_ROUTES = [
  "/api/admin/hub",
  "/api/admin/audit",
  "/api/admin/cleanup-reports",
  "/api/metrics",
  "/api/admin/webhooks",
  "/api/admin/hub/bootstrap",
  "/api/admin/hub/doctor",
  "/api/admin/orphans",
];
/** Admin writes and per-webhook routes; the id is a well-formed uuid that names no webhook. */
const NO_WEBHOOK = "00000000-0000-4000-8000-000000000000";
const WEBHOOK_ROUTES: Route[] = [
  {
    method: "POST",
    path: () => "/api/admin/webhooks",
    json: () => ({ url: "http://127.0.0.1:9/hook", events: ["deployment.failed"] }),
  },
  { method: "DELETE", path: () => `/api/admin/webhooks/${NO_WEBHOOK}` },
  { method: "POST", path: () => `/api/admin/webhooks/${NO_WEBHOOK}/test` },
  { method: "GET", path: () => `/api/admin/webhooks/${NO_WEBHOOK}/deliveries` },
];
const COLLECTION_ROUTES: Route[] = [
  ...ADMIN_ROUTES.map((p) => ({ method: "GET", path: () => p })),
  ...WEBHOOK_ROUTES,
  { method: "POST", path: () => "/api/admin/hub/bootstrap" },
  { method: "POST", path: () => "/api/admin/orphans/cleanup", json: () => ({ all: true }) },
  { method: "GET", path: () => "/api/catalog/spoke-form" },
  { method: "GET", path: () => "/api/topology" },
  { method: "POST", path: () => "/api/topology/refresh" },
  { method: "GET", path: () => "/api/me" },
  { method: "GET", path: () => "/api/spokes" },
  {
    method: "POST",
    path: () => "/api/spokes",
    json: () => ({ client_name: "matrix-anon", ssh_public_key: sshRsaKey() }),
  },
  {
    method: "POST",
    path: () => "/api/spokes/plan",
    json: () => ({ client_name: "matrix-anon", ssh_public_key: sshRsaKey() }),
  },
];

const tokens = { alice: "", bob: "", admin: "", revoked: "" };
let spoke = { id: "", spoke_id: 0 };

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  tokens.alice = await createToken(browser, "Alice");
  tokens.bob = await createToken(browser, "Bob");
  tokens.admin = await createToken(browser, "Admin");
  tokens.revoked = await createToken(browser, "Alice", { revoke: true });
  const res = await api<{ id: string; spoke_id: number }>("POST", "/api/spokes", {
    token: tokens.alice,
    json: { client_name: "matrix-corp", ssh_public_key: sshRsaKey() },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  spoke = res.body.data!;
  await waitForSpoke(tokens.alice, spoke.id, ["completed"]);
});

test("anonymous and revoked-token callers get 401 on every route and the stream", async () => {
  const all = [...COLLECTION_ROUTES, ...SPOKE_ROUTES];
  for (const ref of [spoke.id, String(spoke.spoke_id)]) {
    for (const r of all) {
      const anon = await api(r.method, r.path(ref), { json: r.json?.() });
      expect(anon.status, `${r.method} ${r.path(ref)} anonymous`).toBe(401);
      expect(anon.body).toMatchObject({ status: "error", message: "Authentication required" });
      const revoked = await api(r.method, r.path(ref), { token: tokens.revoked, json: r.json?.() });
      expect(revoked.status, `${r.method} ${r.path(ref)} revoked`).toBe(401);
      expect(revoked.body).toMatchObject({ status: "error", message: "Invalid or revoked API token" });
    }
  }
  for (const header of ["Bearer", "Bearer hsc_not-a-token", "Basic YWxpY2U6eA==", `Bearer ${tokens.alice} extra`]) {
    const res = await api("GET", "/api/me", { headers: { authorization: header } });
    expect(res.status, header).toBe(401);
  }
});

test("another user gets 404 (never 403) on every route of the spoke, by number and by uuid, and never sees it listed", async () => {
  for (const ref of [spoke.id, String(spoke.spoke_id)]) {
    for (const r of SPOKE_ROUTES) {
      const res = await api(r.method, r.path(ref), { token: tokens.bob });
      expect(res.status, `${r.method} ${r.path(ref)} as bob`).toBe(404);
      expect(res.body).toMatchObject({ status: "error", message: `Spoke ${ref} not found` });
      if (r.json) {
        const withBody = await api(r.method, r.path(ref), { token: tokens.bob, json: r.json() });
        expect(withBody.status, `${r.method} ${r.path(ref)} as bob, with a body`).toBe(404);
      }
    }
  }
  const list = await api<{ id: string }[]>("GET", "/api/spokes?limit=200", { token: tokens.bob });
  expect(list.status).toBe(200);
  expect(list.body.data!.map((s) => s.id)).not.toContain(spoke.id);
  const me = await api<{ email: string }>("GET", "/api/me", { token: tokens.bob });
  expect(me.body.data!.email).toBe("bob@example.com");
  // Bob may plan his own spoke; the plan is his, and writes nothing.
  const plan = await api("POST", "/api/spokes/plan", {
    token: tokens.bob,
    json: { client_name: "bob-plan", ssh_public_key: sshRsaKey() },
  });
  expect(plan.status).toBe(200);
  // The spoke is untouched by all of that.
  expect((await waitForSpoke(tokens.alice, spoke.id, ["completed"])).status).toBe("completed");
});

test("the owner and an admin are allowed on every route; state rules still apply (409), and admin's delete tears it down", async () => {
  for (const token of [tokens.alice, tokens.admin]) {
    const list = await api<{ id: string }[]>("GET", "/api/spokes?limit=200", { token });
    expect(list.body.data!.map((s) => s.id)).toContain(spoke.id);
    for (const ref of [spoke.id, String(spoke.spoke_id)]) {
      expect((await api("GET", `/api/spokes/${ref}`, { token })).status).toBe(200);
      expect((await api("GET", `/api/spokes/${ref}/progress`, { token })).status).toBe(200);
      expect((await api("GET", `/api/console/spokes/${ref}`, { token })).status).toBe(200);
      const drift = await api<{ drift: { status: string } }>("POST", `/api/spokes/${ref}/drift-check`, { token });
      expect(drift.status, JSON.stringify(drift.body)).toBe(200);
      expect(drift.body.data!.drift.status).toBe("in_sync");
      // Repair of a spoke in sync answers in_sync and starts nothing.
      const repair = await api<{ status: string; deployment_id: string | null }>("POST", `/api/spokes/${ref}/repair`, {
        token,
      });
      expect(repair.status, JSON.stringify(repair.body)).toBe(200);
      expect(repair.body.data).toMatchObject({ status: "in_sync", deployment_id: null });
      const stream = await fetch(`${BASE_URL}/api/spokes/${ref}/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(stream.status).toBe(200);
      expect(await stream.text()).toContain("event: deployment.succeeded");
      for (const action of ["retry", "rollback", "cancel"]) {
        const res = await api("POST", `/api/spokes/${ref}/${action}`, { token });
        expect(res.status, `${action} of a completed spoke`).toBe(409);
        expect(res.body.message).toMatch(new RegExp(`^Spoke ${spoke.spoke_id} has no`));
      }
      // The update routes: a plan is read-only; a disruptive PATCH without the typed confirmation is 409.
      expect(
        (await api("POST", `/api/spokes/${ref}/plan`, { token, json: { vm_size: "Standard_D2s_v3" } })).status,
      ).toBe(200);
      const unconfirmed = await api("PATCH", `/api/spokes/${ref}`, { token, json: { vm_size: "Standard_D2s_v3" } });
      expect(unconfirmed.status).toBe(409);
      expect(unconfirmed.body).toMatchObject({ code: "conflict", details: { reason: "confirmation_required" } });
      const unchanged = await api<{ status: string }>("PATCH", `/api/spokes/${ref}`, { token, json: {} });
      expect(unchanged.status).toBe(200);
      expect(unchanged.body.data!.status).toBe("unchanged");
      // The teardown plan reads, and writes nothing; a DELETE with a wrong typed name is refused (query or body).
      const tdPlan = await api<{ deletes: unknown[]; confirmation: { phrase: string } }>(
        "POST",
        `/api/spokes/${ref}/teardown/plan`,
        { token },
      );
      expect(tdPlan.status, JSON.stringify(tdPlan.body)).toBe(200);
      expect(tdPlan.body.data!.deletes).toHaveLength(15);
      expect(tdPlan.body.data!.confirmation.phrase).toBe("matrix-corp");
      for (const wrong of [
        { path: `/api/spokes/${ref}?confirm=matrix`, json: undefined },
        { path: `/api/spokes/${ref}`, json: { confirm: "MATRIX-CORP" } },
      ]) {
        const refused = await api("DELETE", wrong.path, { token, json: wrong.json });
        expect(refused.status, wrong.path).toBe(409);
        expect(refused.body).toMatchObject({ code: "conflict", details: { reason: "confirmation_required" } });
      }
    }
  }
  const del = await api<{ kind: string }>("DELETE", `/api/spokes/${spoke.id}`, { token: tokens.admin });
  expect(del.status).toBe(202);
  expect(del.body.data!.kind).toBe("teardown");
  await waitForSpoke(tokens.alice, spoke.id, ["deleted"]);
});

test("admin routes are 404 to users and open to admins; console reads are open to any signed-in user", async () => {
  for (const path of ADMIN_ROUTES) {
    for (const token of [tokens.alice, tokens.bob]) {
      const res = await api("GET", path, { token });
      expect(res.status, `${path} as a user`).toBe(404);
      expect(res.body.message).toBe("Not found");
    }
    const admin = await api("GET", path, { token: tokens.admin });
    expect(admin.status, `${path} as admin`).toBe(200);
  }
  for (const r of WEBHOOK_ROUTES) {
    for (const token of [tokens.alice, tokens.bob]) {
      const res = await api(r.method, r.path(""), { token, json: r.json?.() });
      expect(res.status, `${r.method} ${r.path("")} as a user`).toBe(404);
      expect(res.body.message).toBe("Not found");
    }
  }
  // As admin: no such webhook is 404 with its own message; 127.0.0.1 is refused (the setting is off here).
  for (const r of WEBHOOK_ROUTES.slice(1)) {
    const res = await api(r.method, r.path(""), { token: tokens.admin });
    expect(res.status, `${r.method} ${r.path("")} as admin`).toBe(404);
    expect(res.body.message).toBe("Webhook not found");
  }
  const refused = await api("POST", "/api/admin/webhooks", { token: tokens.admin, json: WEBHOOK_ROUTES[0]!.json!() });
  expect(refused.status).toBe(400);
  expect(refused.body.message).toMatch(/^Refused target 127\.0\.0\.1/);
  // The orphan cleanup: users get 404; an admin's request for an id that is no orphan touches nothing.
  for (const token of [tokens.alice, tokens.bob]) {
    const res = await api("POST", "/api/admin/orphans/cleanup", { token, json: { all: true } });
    expect(res.status, "POST /api/admin/orphans/cleanup as a user").toBe(404);
    expect(res.body.message).toBe("Not found");
  }
  const none = await api<{ items: { outcome: string }[]; verified: boolean }>("POST", "/api/admin/orphans/cleanup", {
    token: tokens.admin,
    json: { ids: ["/subscriptions/none/resourcegroups/none/providers/x/y/z"] },
  });
  expect(none.status, JSON.stringify(none.body)).toBe(200);
  expect(none.body.data!.items.map((i) => i.outcome)).toEqual(["skipped"]);

  for (const token of [tokens.alice, tokens.bob]) {
    const res = await api("POST", "/api/admin/hub/bootstrap", { token });
    expect(res.status, "POST /api/admin/hub/bootstrap as a user").toBe(404);
    expect(res.body.message).toBe("Not found");
  }
  const boot = await api<{ kind: string; status: string }>("POST", "/api/admin/hub/bootstrap", { token: tokens.admin });
  expect(boot.status, JSON.stringify(boot.body)).toBe(202);
  expect(boot.body.data!.kind).toBe("bootstrap");
  const audit = await api<{ action: string }[]>("GET", "/api/admin/audit?limit=200", { token: tokens.admin });
  // Every mutation above left its audit row: the create, and the admin's teardown.
  expect(audit.body.data!.map((r) => r.action)).toEqual(
    expect.arrayContaining([
      "spoke.create",
      "spoke.teardown",
      "token.create",
      "token.revoke",
      "hub.bootstrap",
      "webhook.create",
    ]),
  );
  for (const path of ["/api/catalog/spoke-form", "/api/topology"]) {
    expect((await api("GET", path, { token: tokens.bob })).status, path).toBe(200);
  }
});

test("a cross-site browser POST is refused (Origin check); same-origin and Origin-less clients pass", async () => {
  const evil = await api("POST", "/api/spokes/plan", {
    token: tokens.alice,
    json: {},
    headers: { origin: "https://evil.example" },
  });
  expect(evil.status).toBe(403);
  expect(evil.body.message).toBe("Cross-origin request refused");
  const same = await api("POST", "/api/spokes/plan", { token: tokens.alice, json: {}, headers: { origin: BASE_URL } });
  expect(same.status).toBe(400);
});

test("sign-in is limited per account: 429 with Retry-After, for scripts and for the sign-in form", async ({
  page,
  request,
}) => {
  // The limit counts in fixed one-minute windows (lib/rate-limit.ts): start with at least 30 s of
  // the current window left, so the 21 attempts and the form's one fall in the same window.
  const leftInWindow = 60_000 - (Date.now() % 60_000);
  if (leftInWindow < 30_000) await page.waitForTimeout(leftInWindow + 250);
  const probe = `rate-probe-${Date.now()}@example.com`;
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const statuses: number[] = [];
  let limited: Awaited<ReturnType<typeof request.post>> | undefined;
  for (let i = 0; i < 25 && !limited; i++) {
    const res = await request.post("/api/auth/callback/dev", {
      form: { email: probe, csrfToken: csrf.csrfToken },
      maxRedirects: 0,
    });
    statuses.push(res.status());
    if (res.status() === 429) limited = res;
  }
  expect(limited, `statuses: ${statuses.join(",")}`).toBeDefined();
  expect(statuses.length).toBe(21); // SIGN_IN_RATE_LIMIT=20 on the e2e server
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
  expect(((await limited!.json()) as { message: string }).message).toMatch(/^Too many sign-in attempts/);

  // The form shares the counter: the same account is refused there too, with a readable alert.
  await page.goto("/sign-in");
  await page
    .locator('input[name="email"]')
    .first()
    .evaluate((el, email) => ((el as HTMLInputElement).value = email), probe);
  await page
    .getByRole("button", { name: /^Sign in as/ })
    .first()
    .click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/Too many sign-in attempts/);
  // Other accounts are unaffected.
  const alice = await request.post("/api/auth/callback/dev", {
    form: { email: "alice@example.com", csrfToken: csrf.csrfToken },
    maxRedirects: 0,
  });
  expect(alice.status()).not.toBe(429);
});
