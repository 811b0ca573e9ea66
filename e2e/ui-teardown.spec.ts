/**
 * Issue 13 "What-if" for a teardown, through the UI: the owner's Tear down dialog shows the plan
 * read from live Azure — every resource with its live properties — and the button stays disabled
 * until the spoke's client name is typed. Reading the plan writes nothing to Azure.
 */
import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";
import { createSpokeThroughApi, leftovers, simulator, uniqueClient, waitForStatus } from "./ui-helpers";

/** VNet, 4 subnets, 2 peerings, NIC, VM, OS disk and 5 gateway entries (ARCHITECTURE.md §1). */
const SPOKE_RESOURCES = 15;

test("alice's Tear down shows the teardown plan from live Azure; the button waits for her spoke's name", async ({
  page,
  request,
}) => {
  await signInAs(page, "Alice");
  const client = uniqueClient("alice-td");
  const spoke = await createSpokeThroughApi(page, client);
  await waitForStatus(page, spoke.id, "completed");
  await page.goto(`/spokes/${spoke.id}`);
  await expect(page.getByTestId("spoke-status")).toHaveText("completed");

  const sim = await simulator(request);
  try {
    expect((await sim.delete("/_sim/requests")).status()).toBe(204);
    await page.getByRole("button", { name: "Tear down" }).click();
    const dialog = page.getByRole("dialog", { name: `Tear down spoke ${spoke.number}?` });
    const plan = dialog.getByTestId("teardown-plan");
    await expect(plan).toBeVisible();
    const rows = plan.getByTestId("teardown-delete");
    await expect(rows).toHaveCount(SPOKE_RESOURCES);
    await expect(plan.getByTestId("teardown-delete-count")).toHaveText(String(SPOKE_RESOURCES));
    /** The row whose first cell is exactly this resource name (other rows mention names in their properties). */
    const row = (name: string) => rows.filter({ has: page.getByRole("cell", { name, exact: true }) });
    await expect(row(`spoke-vm-${spoke.number}-nic`)).toContainText(/private ip: 10\.11\.\d+\.\d+/);
    const vm = row(`spoke-vm-${spoke.number}`);
    await expect(vm).toContainText("vm size: Standard_B2s");
    await expect(vm).toContainText("power state: running");
    await expect(row(`hub-to-spoke-${spoke.number}`)).toContainText("peering state: Connected");
    await expect(row(`spoke-vnet-${spoke.number}`)).toContainText(/address space: 10\.11\.\d+\.0\/24/);
    await expect(row(`${client}-pool`)).toContainText("gateway pool");
    await expect(row(`${client}-listener`)).toContainText(`hostName: ${client}.`);
    await expect(plan.getByTestId("teardown-releases")).toContainText(/10\.11\.\d+\.0\/24/);
    await expect(plan.getByTestId("teardown-left-alone")).toContainText(/\d+ hub default gateway entr/);
    await expect(plan.getByTestId("teardown-gone")).toHaveCount(0);

    // Reading the plan wrote nothing to Azure.
    const log = (await (await sim.get("/_sim/requests")).json()) as { byMethodAndOperation: Record<string, number> };
    const writes = Object.keys(log.byMethodAndOperation).filter(
      (k) => /^(PUT|PATCH|POST|DELETE) /.test(k) && !k.endsWith(".backendHealth"),
    );
    expect(writes).toEqual([]);

    // The button stays disabled until the exact name is typed.
    const button = dialog.getByRole("button", { name: "Tear down" });
    await expect(button).toBeDisabled();
    const input = dialog.getByLabel(/Type .* to confirm/);
    await input.fill(client.toUpperCase());
    await expect(button).toBeDisabled();
    await input.fill(`${client} `);
    await expect(button).toBeDisabled();
    await input.fill(client);
    await expect(button).toBeEnabled();
    await button.click();
    await expect(page.getByText(`Teardown started for spoke ${spoke.number}`)).toBeVisible();
    await waitForStatus(page, spoke.id, "deleted", 60_000);
    expect(await leftovers(sim, spoke.number, client)).toEqual([]);
  } finally {
    await sim.dispose();
  }
});
