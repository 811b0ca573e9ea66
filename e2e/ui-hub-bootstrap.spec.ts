/**
 * The Admin page's hub bootstrap and Doctor card on the built app (embedded simulator, hub seeded).
 * Only the unused hub-subnet is removed and recreated, so the gateway other specs rely on is never touched.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { api, createToken } from "./api-helpers";
import { signInAs } from "./helpers";
import { simulator } from "./ui-helpers";

async function putsAndDeletes(sim: APIRequestContext): Promise<string[]> {
  const counts = (await (await sim.get("/_sim/requests")).json()) as { byMethodAndOperation: Record<string, number> };
  return Object.entries(counts.byMethodAndOperation)
    .filter(([k, n]) => /^(PUT|DELETE) /.test(k) && n > 0)
    .map(([k, n]) => `${k} ×${n}`);
}

async function deleteHubSubnet(sim: APIRequestContext) {
  const inv = (await (await sim.get("/_sim/inventory")).json()) as { resources: { id: string; name: string }[] };
  const subnet = inv.resources.find((r) => r.name === "hub-subnet");
  expect(subnet, "the seeded hub-subnet").toBeTruthy();
  const res = await sim.delete(`${subnet!.id}?api-version=2024-05-01`, { headers: { authorization: "Bearer e2e" } });
  expect(res.status()).toBeLessThan(300);
  await expect
    .poll(async () =>
      ((await (await sim.get("/_sim/inventory")).json()) as { resources: { name: string }[] }).resources.some(
        (r) => r.name === "hub-subnet",
      ),
    )
    .toBe(false);
}

test("a user has no bootstrap button and the route is 404 to them; anonymous is 401", async ({ browser }) => {
  const bob = await (await browser.newContext()).newPage();
  await signInAs(bob, "Bob");
  await expect(bob.getByRole("link", { name: "Admin" })).toHaveCount(0);
  const res = await bob.goto("/admin");
  expect(res?.status()).toBe(404);
  await expect(bob.getByRole("button", { name: "Bootstrap hub" })).toHaveCount(0);
  const token = await createToken(browser, "Bob");
  expect((await api("POST", "/api/admin/hub/bootstrap", { token })).status).toBe(404);
  expect((await api("GET", "/api/admin/hub/doctor", { token })).status).toBe(404);
  expect((await api("POST", "/api/admin/hub/bootstrap")).status).toBe(401);
});

test("an admin bootstraps a partly built hub from the Admin page: only the missing subnet is created, a second run writes nothing", async ({
  browser,
  request,
}) => {
  const sim = await simulator(request);
  await deleteHubSubnet(sim);
  await sim.delete("/_sim/requests");

  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, "Admin");
  await admin.getByRole("link", { name: "Admin" }).click();
  const card = admin.getByTestId("hub-bootstrap-card");
  await expect(admin.getByTestId("doctor-verdict")).toHaveAttribute("data-ok", "false");
  await expect(admin.getByTestId("doctor-card")).toContainText("Subnet hub-subnet");

  await card.getByRole("button", { name: "Bootstrap hub" }).click();
  await expect(card.getByTestId("hub-bootstrap-status")).toHaveAttribute("data-status", "succeeded", {
    timeout: 30_000,
  });
  await expect(card.getByTestId("hub-step-ensure_hub_subnet")).toContainText("created");
  await expect(card.getByTestId("hub-step-ensure_gateway")).toContainText("already there");
  await expect(card.getByTestId("hub-bootstrap-summary")).toHaveText(/Created: subnet hub-subnet\./);
  await expect(card.getByTestId("hub-bootstrap-events")).toContainText("Hub ready");
  expect(await putsAndDeletes(sim)).toEqual(["PUT subnets.createOrUpdate ×1"]);
  await expect(admin.getByTestId("doctor-verdict")).toHaveAttribute("data-ok", "true");
  await admin.screenshot({ path: "test-results/hub-bootstrap-admin.png", fullPage: true });

  await sim.delete("/_sim/requests");
  await card.getByRole("button", { name: "Bootstrap hub" }).click();
  await expect(card.getByTestId("hub-bootstrap-summary")).toHaveText(/Nothing was missing/, { timeout: 30_000 });
  expect(await putsAndDeletes(sim)).toEqual([]);

  const audit = await admin.request.get("/api/admin/audit?action=hub.bootstrap&limit=10");
  expect(((await audit.json()) as { data: unknown[] }).data.length).toBeGreaterThanOrEqual(2);
  await sim.dispose();
});
