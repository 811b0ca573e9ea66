/**
 * Drift and orphans in the browser (README "Drift and orphan sweep"): a change made directly in the
 * simulator (its ARM API, as the portal would) shows as a drift badge with the differences on the
 * spoke page, and Repair (with the steps it runs, and the typed confirmation a resize needs) puts it
 * back through an update deployment whose timeline shows the other steps skipped; a tagged VNet of
 * no spoke shows on the Admin page's orphan card and is cleaned up.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { UPDATE_STEP_KEYS } from "../lib/orchestrator/workflows";
import { signInAs } from "./helpers";
import { createSpokeThroughApi, simulator, stepCard, uniqueClient, waitForStatus } from "./ui-helpers";

const NETWORK = "2024-05-01";
const COMPUTE = "2024-07-01";
const ARM = { authorization: "Bearer e2e-portal-user" };

async function inventoryId(sim: APIRequestContext, name: string): Promise<string | undefined> {
  const inv = (await (await sim.get("/_sim/inventory")).json()) as { resources: { id: string; name: string }[] };
  return inv.resources.find((r) => r.name === name)?.id;
}

test("a hub peering deleted and a VM resized in Azure show as drift on the spoke page, and Repair puts them back", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, "Alice");
  const client = uniqueClient("drifty");
  const spoke = await createSpokeThroughApi(page, client);
  await waitForStatus(page, spoke.id, "completed");
  await page.goto(`/spokes/${spoke.id}`);
  const card = page.getByTestId("drift-card");
  await card.getByRole("button", { name: "Check now" }).click();
  await expect(card.getByTestId("drift-badge")).toHaveAttribute("data-drift", "in_sync");

  const sim = await simulator(request);
  const peering = await inventoryId(sim, `hub-to-spoke-${spoke.number}`);
  const vm = await inventoryId(sim, `spoke-vm-${spoke.number}`);
  expect(peering && vm).toBeTruthy();
  expect((await sim.delete(`${peering}?api-version=${NETWORK}`, { headers: ARM })).status()).toBeLessThan(300);
  const resize = await sim.patch(`${vm}?api-version=${COMPUTE}`, {
    headers: ARM,
    data: { properties: { hardwareProfile: { vmSize: "Standard_D2s_v3" } } },
  });
  expect(resize.status(), await resize.text()).toBeLessThan(300);
  await expect.poll(() => inventoryId(sim, `hub-to-spoke-${spoke.number}`), { timeout: 30_000 }).toBeUndefined();

  await expect(async () => {
    await card.getByRole("button", { name: "Check now" }).click();
    await expect(card.getByTestId("drift-badge")).toHaveAttribute("data-drift", "drifted", { timeout: 5_000 });
    await expect(card.getByTestId("drift-difference")).toHaveCount(2, { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await expect(card).toContainText(`virtualNetworkPeerings/hub-to-spoke-${spoke.number}`);
  await expect(card).toContainText("Standard_D2s_v3");
  await expect(card).toContainText("create_peering");
  // The VM's size is put back by the update workflow's resize_vm.
  await expect(card).toContainText("resize_vm");
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("drift-badge")).toHaveAttribute(
    "data-drift",
    "drifted",
  );

  // Repair: the steps it runs, the typed confirmation (a resize restarts the VM), then the update's timeline.
  const repair = card.getByTestId("drift-repair");
  await expect(repair.getByTestId("drift-repair-steps")).toHaveText("resize_vm, create_peering");
  await repair.getByRole("button", { name: "Repair" }).click();
  await expect(repair.getByRole("alert")).toContainText("This repair is disruptive");
  const confirm = repair.getByRole("button", { name: "Confirm repair" });
  await expect(confirm).toBeDisabled();
  await repair.getByLabel(/to confirm the repair/).fill(client);
  await confirm.click();
  await expect(stepCard(page, "Update", "resize_vm")).toHaveAttribute("data-status", "succeeded", { timeout: 45_000 });
  await expect(stepCard(page, "Update", "create_peering")).toHaveAttribute("data-status", "succeeded", {
    timeout: 45_000,
  });
  for (const key of UPDATE_STEP_KEYS.filter((k) => k !== "resize_vm" && k !== "create_peering")) {
    await expect(stepCard(page, "Update", key)).toHaveAttribute("data-status", "skipped");
  }
  await expect(page.getByTestId("spoke-status")).toHaveText("completed", { timeout: 30_000 });
  // The finish of the update checked drift again: in sync, and the peering is back in the simulator.
  await expect(page.getByTestId("drift-card").getByTestId("drift-badge")).toHaveAttribute("data-drift", "in_sync", {
    timeout: 30_000,
  });
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("drift-badge")).toHaveAttribute(
    "data-drift",
    "in_sync",
    { timeout: 30_000 },
  );
  await expect(page.getByTestId("drift-card").getByTestId("drift-repair")).toHaveCount(0);
  expect(await inventoryId(sim, `hub-to-spoke-${spoke.number}`)).toBeTruthy();
  await sim.dispose();
});

test("the Admin page lists a tagged VNet of no spoke as an orphan and cleans it up, verified", async ({
  page,
  request,
}) => {
  const sim = await simulator(request);
  const hubVnet = await inventoryId(sim, "hub-vnet");
  expect(hubVnet).toBeTruthy();
  const name = `spoke-vnet-${200 + Math.floor(Math.random() * 50)}`;
  const id = hubVnet!.replace(/\/hub-vnet$/, `/${name}`);
  const put = await sim.put(`${id}?api-version=${NETWORK}`, {
    headers: ARM,
    data: {
      location: "eastus",
      tags: { "managed-by": "hub-spoke-console", "spoke-id": "999" },
      properties: { addressSpace: { addressPrefixes: ["10.99.0.0/24"] } },
    },
  });
  expect(put.status(), await put.text()).toBeLessThan(300);
  await expect.poll(() => inventoryId(sim, name), { timeout: 30_000 }).toBeTruthy();

  await signInAs(page, "Admin");
  await page.getByRole("link", { name: "Admin" }).click();
  const card = page.getByTestId("orphans-card");
  const row = card.getByTestId(`orphan-${name}`);
  await expect(row).toContainText("tagged for spoke 999", { timeout: 30_000 });
  await row.getByRole("button", { name: "Clean up" }).click();
  const report = card.getByTestId("orphan-cleanup-report");
  await expect(report).toContainText("verified", { timeout: 60_000 });
  await expect(report).toContainText(`${name} — removed`);
  await expect(card.getByTestId(`orphan-${name}`)).toHaveCount(0);
  await expect.poll(() => inventoryId(sim, name), { timeout: 30_000 }).toBeUndefined();
  await sim.dispose();
});
