import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { SSH_KEY_FIXTURES } from "../lib/network/ssh-key-fixtures";
import { simulatorUrl } from "./admin-token";

export const SSH_KEY = SSH_KEY_FIXTURES.ed25519.line;

/** A client name no other test uses (each test makes its own spokes). */
export function uniqueClient(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/** The embedded ARM simulator's admin API (self-signed https): faults and inventory. */
export async function simulator(_request: APIRequestContext): Promise<APIRequestContext> {
  const baseURL = await simulatorUrl();
  expect(baseURL, "the embedded simulator's URL on /api/health (admin)").toMatch(/^https:\/\//);
  return playwrightRequest.newContext({ baseURL, ignoreHTTPSErrors: true });
}

export async function addFault(sim: APIRequestContext, rule: Record<string, unknown>): Promise<string> {
  const res = await sim.post("/_sim/faults", { data: rule });
  expect(res.status()).toBe(201);
  return (await res.json()).ids[0] as string;
}

/** Every simulator resource that belongs to spoke N or to the client's gateway entries. */
export async function leftovers(sim: APIRequestContext, spokeNumber: number, client: string): Promise<string[]> {
  const inv = (await (await sim.get("/_sim/inventory")).json()) as {
    resources: { id: string; name: string; tags?: Record<string, string> }[];
  };
  const names = new RegExp(
    `^(spoke-vnet-${spokeNumber}|spoke-vm-${spokeNumber}(-nic|-osdisk)?|hub-to-spoke-${spokeNumber}|spoke-${spokeNumber}-to-hub|spoke-${spokeNumber}-.*-subnet|${client}-(pool|http|listener|route|probe))$`,
  );
  return inv.resources
    .filter((r) => names.test(r.name) || r.tags?.["spoke-id"] === String(spokeNumber))
    .map((r) => r.id);
}

/** Fill the New spoke form, review the plan (every check passes), confirm; returns the spoke's uuid. */
export async function createSpokeThroughForm(page: Page, client: string): Promise<{ id: string; number: number }> {
  await page.goto("/");
  await page.getByRole("link", { name: "New spoke" }).click();
  await expect(page.getByRole("heading", { name: "New spoke", level: 1 })).toBeVisible();
  await page.getByLabel("Client name").fill(client);
  await page.getByLabel("SSH public key").fill(SSH_KEY);
  await expect(page.getByTestId("ssh-fingerprint")).toContainText(SSH_KEY_FIXTURES.ed25519.fingerprint);
  await expect(page.getByTestId("address-plan")).toContainText(/Spoke \d+ → 10\.11\.\d+\.0\/24/);
  await page.getByRole("button", { name: "Review plan" }).click();
  const plan = page.getByRole("region", { name: /Plan for spoke/ });
  await expect(plan.getByRole("heading", { name: /Plan for spoke \d+/ })).toBeVisible();
  const checks = plan.getByRole("list", { name: "Pre-flight checks" }).getByRole("listitem");
  await expect(checks).toHaveCount(6);
  await expect(checks.filter({ hasText: "failed" })).toHaveCount(0);
  await expect(plan.getByText(`${client}-route · priority`)).toBeVisible();
  const heading = (await plan.getByRole("heading", { name: /Plan for spoke/ }).textContent()) ?? "";
  const number = Number(/spoke (\d+)/.exec(heading)?.[1]);
  await page.getByRole("button", { name: "Confirm and create" }).click();
  await page.waitForURL(/\/spokes\/[0-9a-f-]{36}$/);
  return { id: page.url().split("/").at(-1) ?? "", number };
}

/** Create through the API as the page's signed-in user (cookies are shared with page.request). */
export async function createSpokeThroughApi(page: Page, client: string): Promise<{ id: string; number: number }> {
  const res = await page.request.post("/api/spokes", { data: { client_name: client, ssh_public_key: SSH_KEY } });
  expect(res.status()).toBe(202);
  const body = await res.json();
  return { id: body.data.id, number: body.data.spoke_id };
}

export async function waitForStatus(page: Page, id: string, status: string, timeout = 45_000) {
  await expect
    .poll(async () => (await (await page.request.get(`/api/spokes/${id}/progress`)).json()).data?.status, {
      timeout,
      intervals: [250, 500, 1000],
    })
    .toBe(status);
}

export function stepCard(page: Page, section: string, key: string) {
  return page.getByRole("region", { name: section }).getByTestId(`step-${key}`);
}
