/**
 * Admin page webhooks: add one (its secret shown once, never again), send a test and see it in the
 * delivery log, a loopback URL refused with the reason, remove it. 203.0.113.10 (TEST-NET-3) is a
 * public address literal: allowed without DNS, and nothing answers, so the test stays "retrying".
 */
import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

test("an admin adds a webhook, sees its secret once, sends a test, and removes it; loopback is refused", async ({
  page,
}) => {
  await signInAs(page, "Admin");
  await page.goto("/admin");
  const url = `http://203.0.113.10/hook-${Date.now()}`;
  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByRole("checkbox", { name: /cleanup\.report/ }).check();
  await page.getByRole("button", { name: "Add webhook" }).click();
  const secret = (await page.getByTestId("new-webhook-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^whsec_[\w-]{32}$/);

  await page.reload();
  const section = page.getByRole("region", { name: `Webhook ${url}` });
  await expect(section).toContainText("deployment.finished, deployment.failed, rollback.failed, cleanup.report");
  await expect(section).toContainText(`secret ${secret.slice(0, 10)}…`);
  expect(await page.content()).not.toContain(secret);
  await expect(section).toContainText("No deliveries yet");

  await section.getByRole("button", { name: `Send a test to ${url}` }).click();
  const row = section.getByRole("row", { name: /webhook\.test/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText(/queued|retrying/);

  await page.getByLabel("Endpoint URL").fill("http://127.0.0.1:9/hook");
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Refused target 127.0.0.1" })).toBeVisible();

  if (process.env.SCREENSHOTS) await section.screenshot({ path: "test-results/admin-webhooks.png" });
  await section.getByRole("button", { name: `Remove webhook ${url}` }).click();
  await expect(page.getByRole("region", { name: `Webhook ${url}` })).toHaveCount(0);
});
