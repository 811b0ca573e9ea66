import { expect, test } from "@playwright/test";
import { TEARDOWN_STEP_KEYS } from "../lib/orchestrator/workflows";
import { signInAs } from "./helpers";
import { addFault, createSpokeThroughForm, leftovers, simulator, stepCard, uniqueClient } from "./ui-helpers";

test("a fault at create_vm: alice sees Azure's error, the rollback runs live and nothing is left in Azure", async ({
  page,
  request,
}) => {
  const sim = await simulator(request);
  const fault = await addFault(sim, {
    kind: "error",
    operation: "virtualMachines.createOrUpdate",
    name: "spoke-vm-*",
    code: "OperationNotAllowed",
    status: 409,
    message: "Operation could not be completed as it results in exceeding approved standardBSFamily Cores quota.",
    phase: "sync",
  });
  try {
    await signInAs(page, "Alice");
    const client = uniqueClient("alice-fail");
    const { number } = await createSpokeThroughForm(page, client);

    await expect(stepCard(page, "Create", "create_vm")).toHaveAttribute("data-status", "failed", { timeout: 45_000 });
    const create = page.getByRole("region", { name: "Create" });
    await expect(create.getByRole("alert")).toContainText("OperationNotAllowed");
    await expect(create.getByRole("alert")).toContainText("permanent");

    // The rollback appears as its own section and runs to the end while we watch.
    const rollback = page.getByRole("region", { name: "Rollback" });
    await expect(rollback).toBeVisible({ timeout: 20_000 });
    for (const key of TEARDOWN_STEP_KEYS) {
      await expect(stepCard(page, "Rollback", key)).toHaveAttribute("data-status", /succeeded|skipped/, {
        timeout: 60_000,
      });
    }
    await expect(page.getByTestId("spoke-status")).toHaveText("rolled back", { timeout: 20_000 });
    await expect(rollback.getByTestId("cleanup-report")).toContainText("verified");
    await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Tear down" })).toHaveCount(0);

    expect(await leftovers(sim, number, client)).toEqual([]);
  } finally {
    await sim.delete(`/_sim/faults/${fault}`);
    await sim.dispose();
  }
});
