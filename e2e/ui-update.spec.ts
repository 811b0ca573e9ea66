/**
 * Issue 13, done-means 1 through the UI: resize B2s → D2s_v3 from the Edit form. The plan shows
 * only the VM change and the downtime note; after the typed confirmation the update's timeline
 * shows every other step skipped, and the simulator's request log shows no write to the VNet,
 * NIC, peerings or gateway.
 */
import { expect, test } from "@playwright/test";
import { UPDATE_STEP_KEYS } from "../lib/orchestrator/workflows";
import { signInAs } from "./helpers";
import { createSpokeThroughApi, simulator, stepCard, uniqueClient, waitForStatus } from "./ui-helpers";

test("alice resizes her spoke's VM through the Edit form: one step runs, the others are skipped", async ({
  page,
  request,
}) => {
  await signInAs(page, "Alice");
  const client = uniqueClient("alice-resize");
  const { id } = await createSpokeThroughApi(page, client);
  await waitForStatus(page, id, "completed");
  await page.goto(`/spokes/${id}`);
  await expect(page.getByTestId("spoke-status")).toHaveText("completed");

  await page.getByRole("button", { name: "Edit spoke" }).click();
  await page.getByLabel("VM size").fill("Standard_D2s_v3");
  await page.getByRole("button", { name: "Review changes" }).click();
  const plan = page.getByRole("region", { name: "Update plan" });
  const rows = plan.getByTestId("plan-change");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("properties.hardwareProfile.vmSize");
  await expect(rows.first()).toContainText("Standard_B2s");
  await expect(rows.first()).toContainText("Standard_D2s_v3");
  await expect(plan.getByTestId("downtime-note")).toContainText(/^Downtime: the VM restarts on Standard_D2s_v3/);
  const apply = plan.getByRole("button", { name: "Apply update" });
  await expect(apply).toBeDisabled();
  await plan.getByLabel(/to confirm the downtime/).fill(client);

  const sim = await simulator(request);
  try {
    expect((await sim.delete("/_sim/requests")).status()).toBe(204);
    await apply.click();
    await expect(stepCard(page, "Update", "resize_vm")).toHaveAttribute("data-status", "succeeded", {
      timeout: 45_000,
    });
    for (const key of UPDATE_STEP_KEYS.filter((k) => k !== "resize_vm")) {
      await expect(stepCard(page, "Update", key)).toHaveAttribute("data-status", "skipped");
    }
    await expect(page.getByTestId("spoke-status")).toHaveText("completed", { timeout: 30_000 });
    await expect(page.getByTestId("timeline-event").filter({ hasText: "step.skipped" })).toHaveCount(
      UPDATE_STEP_KEYS.length - 1,
    );
    await expect(page.getByText(/Standard_D2s_v3 · /)).toBeVisible();

    const log = (await (await sim.get("/_sim/requests")).json()) as { byMethodAndOperation: Record<string, number> };
    // Writes only: the live view's backend-health POST is a read in Azure's terms.
    const writes = Object.keys(log.byMethodAndOperation).filter(
      (k) => /^(PUT|PATCH|POST|DELETE) /.test(k) && !k.endsWith(".backendHealth"),
    );
    expect(writes).toEqual(["PATCH virtualMachines.update"]);
  } finally {
    await sim.dispose();
  }
});
