import { expect, test } from "@playwright/test";
import { AZURE_MODE_URL } from "../playwright.config";
import { signInAs, signOut } from "./helpers";

test("alice signs in, sees her name and an empty Spokes page", async ({ page }) => {
  await signInAs(page, "Alice");
  await expect(page.getByRole("heading", { name: "Spokes", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No spokes yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
});

test("an anonymous visit to a console page lands on sign-in", async ({ page }) => {
  for (const path of ["/", "/settings", "/topology", "/admin"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: "Hub-Spoke Console" })).toBeVisible();
  }
});

test("anonymous API calls get the 401 envelope", async ({ request }) => {
  const res = await request.get("/api/me");
  expect(res.status()).toBe(401);
  const body = await res.json();
  expect(body).toMatchObject({ status: "error", message: "Authentication required" });
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
});

test("a token created in Settings authenticates the API until it is revoked; bob never sees it", async ({
  page,
  request,
}) => {
  await signInAs(page, "Alice");
  await page.getByRole("link", { name: "Settings" }).click();
  const name = `alice-ci-${Date.now()}`;
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^hsc_/);
  await expect(page.getByRole("cell", { name })).toBeVisible();

  const me = await request.get("/api/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).data).toMatchObject({ email: "alice@example.com", authenticated_via: "token" });

  await signOut(page);
  await signInAs(page, "Bob");
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  await signOut(page);

  await signInAs(page, "Alice");
  await page.goto("/settings");
  await page.getByRole("button", { name: `Revoke token ${name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) }).getByText("revoked")).toBeVisible();
  const after = await request.get("/api/me", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
});

test("an admin revokes bob's sessions and bob is signed out", async ({ browser }) => {
  const bob = await (await browser.newContext()).newPage();
  await signInAs(bob, "Bob");
  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, "Admin");
  await admin.getByRole("link", { name: "Admin" }).click();
  await admin.getByRole("button", { name: "Revoke all sessions of bob@example.com" }).click();
  await expect(admin.getByRole("row", { name: /bob@example.com/ }).getByText(/UTC$/)).toBeVisible();
  await bob.goto("/settings");
  await expect(bob).toHaveURL(/\/sign-in/);
});

test("the development sign-in is refused in Azure mode", async ({ page, request }) => {
  await page.goto(`${AZURE_MODE_URL}/sign-in`);
  await expect(page.getByRole("heading", { name: "Hub-Spoke Console" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Sign in as/ })).toHaveCount(0);

  // Even a hand-made request to the credentials callback must not produce a session.
  const csrf = await (await request.get(`${AZURE_MODE_URL}/api/auth/csrf`)).json();
  await request.post(`${AZURE_MODE_URL}/api/auth/callback/dev`, {
    form: { email: "alice@example.com", csrfToken: csrf.csrfToken },
    maxRedirects: 0,
  });
  const me = await request.get(`${AZURE_MODE_URL}/api/me`);
  expect(me.status()).toBe(401);
});
