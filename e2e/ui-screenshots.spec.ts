/**
 * README screenshots against the real built app (`npm run screenshots`). Skipped in the normal
 * run: it writes files under public/screenshots/.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./helpers";
import { addFault, createSpokeThroughApi, SSH_KEY, simulator, stepCard, waitForStatus } from "./ui-helpers";

test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 (npm run screenshots) to write the README screenshots");
test.use({ viewport: { width: 1280, height: 860 } });

const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: `public/screenshots/${name}.png`, fullPage });

test("README screenshots", async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const sim = await simulator(request);
  const suffix = Date.now().toString(36).slice(-4);

  // A finished spoke first, so the list and topology have something to show.
  await signInAs(page, "Alice");
  const done = await createSpokeThroughApi(page, `contoso-web-${suffix}`);
  await waitForStatus(page, done.id, "completed");

  // Plan review, then a live run held at create_vm by a few seconds of injected latency.
  const slow = await addFault(sim, {
    kind: "latency",
    operation: "virtualMachines.createOrUpdate",
    name: "spoke-vm-*",
    latencyMs: 8_000,
    times: 1,
  });
  await page.goto("/spokes/new");
  await page.getByLabel("Client name").fill(`Fabrikam Shop ${suffix}`);
  await page.getByLabel("SSH public key").fill(SSH_KEY);
  await page.getByRole("button", { name: "Review plan" }).click();
  await expect(page.getByRole("heading", { name: /Plan for spoke/ })).toBeVisible();
  await shot(page, "plan-review");
  await page.getByRole("button", { name: "Confirm and create" }).click();
  await page.waitForURL(/\/spokes\/[0-9a-f-]{36}$/);
  await expect(stepCard(page, "Create", "create_vm")).toHaveAttribute("data-status", "running");
  await expect(stepCard(page, "Create", "verify_connectivity")).toHaveAttribute("data-status", "succeeded");
  await shot(page, "live-run");
  await sim.delete(`/_sim/faults/${slow}`);

  await page.goto("/");
  await expect(page.getByRole("progressbar").first()).toBeVisible();
  await shot(page, "spokes");

  // A create that fails at create_vm and rolls back.
  const fail = await addFault(sim, {
    kind: "error",
    operation: "virtualMachines.createOrUpdate",
    name: "spoke-vm-*",
    code: "OperationNotAllowed",
    status: 409,
    phase: "sync",
  });
  const failed = await createSpokeThroughApi(page, `northwind-api-${suffix}`);
  await page.goto(`/spokes/${failed.id}`);
  await expect(page.getByTestId("spoke-status")).toHaveText("rolled back", { timeout: 60_000 });
  await sim.delete(`/_sim/faults/${fail}`);
  await shot(page, "rollback");

  await page.goto("/topology");
  await expect(page.getByTestId(`topology-row-contoso-web-${suffix}`)).toContainText("Connected");
  await expect(page.getByTestId("topology-graph").getByRole("link").first()).toBeVisible();
  await shot(page, "topology");

  // Admin tears down one of bob's spokes.
  const bob = await (await browser.newContext()).newPage();
  await signInAs(bob, "Bob");
  const bobs = await createSpokeThroughApi(bob, `tailspin-${suffix}`);
  await waitForStatus(bob, bobs.id, "completed");
  const admin = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await signInAs(admin, "Admin");
  await admin.goto("/admin");
  await admin.getByRole("checkbox", { name: `Select tailspin-${suffix}` }).check();
  await admin.getByRole("button", { name: "Tear down selected (1)" }).click();
  await admin
    .getByRole("dialog")
    .getByLabel(/Type .* to confirm/)
    .fill(`tailspin-${suffix}`);
  await admin.getByRole("dialog").getByRole("button", { name: "Tear down" }).click();
  await expect(admin.getByTestId(`cleanup-tailspin-${suffix}`).getByTestId("cleanup-report")).toContainText(
    "verified",
    { timeout: 60_000 },
  );
  await shot(admin, "admin");
  await sim.dispose();
});
