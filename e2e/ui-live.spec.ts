import { expect, test } from "@playwright/test";
import { mintToken } from "./admin-token";
import { api, cleanupSpokes, waitForSpoke } from "./api-helpers";
import { signInAs } from "./helpers";
import { SSH_KEY, uniqueClient } from "./ui-helpers";

test("topology and spoke page show the snapshot's age and a Refresh control", async ({ page }, testInfo) => {
  const token = await mintToken("alice@example.com");
  const client = uniqueClient("live");
  const created = await api<{ id: string; spoke_id: number }>("POST", "/api/spokes", {
    token,
    json: { client_name: client, ssh_public_key: SSH_KEY },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  const id = created.body.data!.id;
  await waitForSpoke(token, id, ["completed"], 90_000);

  await signInAs(page, "Alice");
  await page.goto("/topology");
  const status = page.getByTestId("live-status");
  await expect(status).toContainText(/read \d+ s ago/);
  // The snapshot catches up with the new spoke within one read period (10 s) plus a poll (5 s).
  await expect(page.getByTestId(`topology-row-${client}`)).toContainText("Connected", { timeout: 30_000 });
  const refreshed = page.waitForResponse(
    (r) => r.url().endsWith("/api/topology/refresh") && r.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Refresh from Azure" }).click();
  expect((await refreshed).status()).toBe(202);
  await expect(status).toContainText(/read \d+ s ago/);
  // Kept with the test's results (the HTML/JSON report), not in the working tree.
  await testInfo.attach("live-topology", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  await page.goto(`/spokes/${id}`);
  // The spoke page's only live view is its Resources card.
  await expect(status).toContainText(/read \d+ s ago/, { timeout: 20_000 });
  await expect(page.getByRole("cell", { name: /running · / })).toBeVisible({ timeout: 20_000 });
  await expect(status.getByRole("button", { name: "Refresh from Azure" })).toBeEnabled();
  await page.getByRole("heading", { name: "Resources" }).scrollIntoViewIfNeeded();
  await testInfo.attach("live-spoke", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  await cleanupSpokes(token, [id]);
});
