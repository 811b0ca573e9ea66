import { expect, test } from "@playwright/test";
import { CREATE_STEP_KEYS } from "../lib/orchestrator/workflows";
import { signInAs } from "./helpers";
import { addFault, createSpokeThroughForm, simulator, stepCard, uniqueClient } from "./ui-helpers";

test("alice creates a spoke through the form, watches every step finish and sees it Connected on the topology", async ({
  page,
}) => {
  await signInAs(page, "Alice");
  const client = uniqueClient("alice-web");
  const { id } = await createSpokeThroughForm(page, client);

  await expect(page.getByRole("heading", { name: client, level: 1 })).toBeVisible();
  for (const key of CREATE_STEP_KEYS) {
    await expect(stepCard(page, "Create", key)).toHaveAttribute("data-status", "succeeded", { timeout: 45_000 });
  }
  await expect(page.getByTestId("spoke-status")).toHaveText("completed");
  await expect(page.getByRole("progressbar", { name: "Overall progress" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("stream-state")).toHaveText("finished");
  await expect(page.getByRole("link", { name: /Open spoke-vm-\d+ in the Azure portal/ })).toHaveAttribute(
    "href",
    /^https:\/\/portal\.azure\.com\/#@\/resource\/subscriptions\/.+\/virtualMachines\/spoke-vm-\d+$/,
  );
  await expect(page.getByRole("button", { name: "Tear down" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);

  await page.getByRole("link", { name: "Topology" }).click();
  const row = page.getByTestId(`topology-row-${client}`);
  await expect(row.getByRole("cell").nth(2)).toHaveText("Connected");
  await expect(row.getByRole("cell").nth(3)).toHaveText("Connected");
  await expect(page.getByTestId("topology-graph").getByRole("link", { name: client })).toBeVisible();
  await page.getByTestId("topology-graph").getByRole("link", { name: client }).click();
  await expect(page).toHaveURL(new RegExp(`/spokes/${id}$`));
});

test("a reload in the middle of a run keeps the whole timeline and keeps streaming", async ({ page, request }) => {
  const sim = await simulator(request);
  // Hold the VM create for a few seconds so the reload lands mid-run.
  const fault = await addFault(sim, {
    kind: "latency",
    operation: "virtualMachines.createOrUpdate",
    name: "spoke-vm-*",
    latencyMs: 6_000,
    times: 1,
  });
  try {
    await signInAs(page, "Alice");
    const client = uniqueClient("alice-reload");
    await createSpokeThroughForm(page, client);
    await expect(stepCard(page, "Create", "create_vm")).toHaveAttribute("data-status", "running", { timeout: 20_000 });
    const before = await page.getByTestId("timeline-event").count();
    expect(before).toBeGreaterThan(5);

    await page.reload();
    await expect(stepCard(page, "Create", "create_subnets")).toHaveAttribute("data-status", "succeeded");
    // The replay brings back everything from the first event, not only what follows the reload.
    await expect(page.getByTestId("timeline-event").first()).toContainText("deployment.queued");
    await expect.poll(() => page.getByTestId("timeline-event").count()).toBeGreaterThanOrEqual(before);
    await expect(stepCard(page, "Create", "save_to_storage")).toHaveAttribute("data-status", "succeeded", {
      timeout: 45_000,
    });
    await expect(page.getByTestId("spoke-status")).toHaveText("completed");
    const all = await page
      .getByTestId("timeline-event")
      .evaluateAll((els) => els.map((e) => e.firstElementChild?.textContent ?? ""));
    expect(new Set(all).size).toBe(all.length);
    expect(all.map((s) => Number(s.slice(1)))).toEqual([...all.keys()].map((i) => i + 1));
    await expect(page.getByTestId("timeline-event").last()).toContainText("deployment.succeeded");
  } finally {
    await sim.delete(`/_sim/faults/${fault}`);
    await sim.dispose();
  }
});
