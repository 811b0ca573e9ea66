import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";
import { createSpokeThroughApi, leftovers, simulator, uniqueClient, waitForStatus } from "./ui-helpers";

test("an admin tears down one of bob's spokes from the admin page and sees a verified cleanup report", async ({
  browser,
  request,
}) => {
  const bob = await (await browser.newContext()).newPage();
  await signInAs(bob, "Bob");
  const client = uniqueClient("bob-shop");
  const spoke = await createSpokeThroughApi(bob, client);
  await waitForStatus(bob, spoke.id, "completed");

  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, "Admin");
  await admin.getByRole("link", { name: "Admin" }).click();
  const row = admin.getByRole("row", { name: new RegExp(`Select ${client}`) });
  await expect(row).toContainText("bob@example.com");
  await row.getByRole("checkbox", { name: `Select ${client}` }).check();
  await admin.getByRole("button", { name: "Tear down selected (1)" }).click();
  const dialog = admin.getByRole("dialog", { name: `Tear down spoke ${spoke.number}?` });
  await expect(dialog.getByRole("button", { name: "Tear down" })).toBeDisabled();
  // The teardown plan, read from live Azure: every resource of bob's spoke with its live state.
  const plan = dialog.getByTestId("teardown-plan");
  await expect(plan.getByTestId("teardown-delete")).toHaveCount(15);
  const planRow = (name: string) =>
    plan.getByTestId("teardown-delete").filter({ has: admin.getByRole("cell", { name, exact: true }) });
  await expect(planRow(`hub-to-spoke-${spoke.number}`)).toContainText("peering state: Connected");
  await expect(planRow(`${client}-listener`)).toContainText(`hostName: ${client}.`);
  await expect(dialog.getByRole("button", { name: "Tear down" })).toBeDisabled();
  await dialog.getByLabel(/Type .* to confirm/).fill("bob-shop");
  await expect(dialog.getByRole("button", { name: "Tear down" })).toBeDisabled();
  await dialog.getByLabel(/Type .* to confirm/).fill(client);
  await dialog.getByRole("button", { name: "Tear down" }).click();
  await expect(admin.getByRole("status")).toContainText("Teardown started for 1 spoke");

  const report = admin.getByTestId(`cleanup-${client}`);
  await expect(report).toContainText("teardown", { ignoreCase: true, timeout: 20_000 });
  await expect(report.getByTestId("cleanup-report")).toContainText("verified", { timeout: 60_000 });
  await expect(report).toContainText("succeeded");
  await expect(admin.getByRole("row", { name: new RegExp(`Select ${client}`) })).toHaveCount(0);

  // Bob sees the result on his own spoke page too.
  await bob.goto(`/spokes/${spoke.id}`);
  await expect(bob.getByTestId("spoke-status")).toHaveText("deleted");
  const sim = await simulator(request);
  expect(await leftovers(sim, spoke.number, client)).toEqual([]);
  await sim.dispose();
});

test("bob cannot see alice's spoke anywhere: list, page, topology, API and stream", async ({ browser }) => {
  const alice = await (await browser.newContext()).newPage();
  await signInAs(alice, "Alice");
  const client = uniqueClient("alice-secret");
  const spoke = await createSpokeThroughApi(alice, client);
  await waitForStatus(alice, spoke.id, "completed");

  const bob = await (await browser.newContext()).newPage();
  await signInAs(bob, "Bob");
  await expect(bob.getByRole("heading", { name: "Spokes", level: 1 })).toBeVisible();
  await expect(bob.getByText(client)).toHaveCount(0);

  await bob.goto(`/spokes/${spoke.id}`);
  await expect(bob.getByRole("heading", { name: "Spoke not found" })).toBeVisible();
  await expect(bob.getByText(client)).toHaveCount(0);
  // By number, bob reaches at most a spoke of his own that once had it, never alice's.
  await bob.goto(`/spokes/${spoke.number}`);
  await expect(bob.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(bob.getByText(client)).toHaveCount(0);

  await bob.goto("/topology");
  await expect(bob.getByRole("heading", { name: "Peerings and backend health" })).toBeVisible();
  await expect(bob.getByTestId("topology-graph")).toBeVisible();
  await expect(bob.getByText(client)).toHaveCount(0);
  const topo = await bob.request.get("/api/topology");
  expect(topo.status()).toBe(200);
  expect(await topo.text()).not.toContain(client);

  for (const path of [`/api/spokes/${spoke.id}`, `/api/spokes/${spoke.id}/events`, `/api/console/spokes/${spoke.id}`]) {
    expect((await bob.request.get(path)).status(), path).toBe(404);
  }
  expect((await bob.request.get("/api/admin/hub")).status()).toBe(404);
  await bob.goto("/admin");
  await expect(bob.getByRole("heading", { name: "Admin" })).toHaveCount(0);
});
