/**
 * The metrics a scraper reads move with real work: a spoke created and torn down through the real
 * SDK against the simulator, the exposition parsed by an independent Prometheus text parser.
 */
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armOperationLabel } from "@/lib/azure/arm/metrics-policy";
import { testSshPublicKey } from "@/lib/azure/testing";
import { startHarness, type Harness } from "@/lib/orchestrator/testing";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { teardownSpoke } from "@/lib/spokes/deployment-actions";
import { readMetrics } from "./read-metrics";
import { metricsAsJson, scrapeMetrics } from "./registry";

let h: Harness;
let sshKey: string;
beforeAll(async () => {
  // One 429 is injected below; nothing here relies on the simulator's own throttling being on or off.
  h = await startHarness({ sim: { profile: "instant" } });
  sshKey = await testSshPublicKey();
}, 60_000);
afterAll(async () => h?.stop());

type Scrape = MetricFamily[] & { histogramCounts: Map<string, { labels: Record<string, unknown>; value: number }[]> };

/** The text, parsed by an independent parser (which keeps counters' and gauges' labels, not histograms'). */
async function scrape(): Promise<Scrape> {
  const { contentType, body } = await scrapeMetrics();
  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusTextFormat(body);
  for (const f of families) expect(["COUNTER", "GAUGE", "HISTOGRAM", "SUMMARY"], f.name).toContain(f.type);
  // Histogram counts by label: prom-client's own round trip of the same registry.
  const histogramCounts = new Map<string, { labels: Record<string, unknown>; value: number }[]>();
  for (const m of await metricsAsJson()) {
    if (String(m.type) !== "histogram") continue;
    // safe because prom-client's histogram values carry metricName (its types omit it)
    const values = m.values as { metricName?: string; labels: Record<string, unknown>; value: number }[];
    histogramCounts.set(
      m.name,
      values.filter((v) => v.metricName === `${m.name}_count`).map((v) => ({ labels: v.labels, value: v.value })),
    );
  }
  return Object.assign(families, { histogramCounts });
}

function value(s: Scrape, name: string, labels: Record<string, string> = {}): number {
  const match = (l: Record<string, unknown> | undefined) => Object.entries(labels).every(([k, v]) => l?.[k] === v);
  const counts = s.histogramCounts.get(name);
  if (counts) return counts.filter((c) => match(c.labels)).reduce((sum, c) => sum + c.value, 0);
  const family = s.find((f) => f.name === name);
  if (!family) return 0;
  return family.metrics.filter((m) => match(m.labels)).reduce((sum, m) => sum + Number(m.value ?? 0), 0);
}

describe("metrics", () => {
  it("counters move as a spoke is created and torn down; ARM requests by operation and status, 429s included", async () => {
    const before = await scrape();
    const admin = await h.newUser("admin");
    const ctx = h.ctxFor(admin);
    h.sim.addFault({
      kind: "error",
      operation: "networkInterfaces.createOrUpdate",
      code: "TooManyRequests",
      status: 429,
      times: 1,
    });
    const created = await createSpoke({
      ctx,
      input: { spoke_id: 21, client_name: "metrics-corp", ssh_public_key: sshKey },
    });
    expect((await h.waitForSpoke(created.id, ["completed", "rolled_back", "rollback_failed"])).status).toBe(
      "completed",
    );
    const afterCreate = await scrape();
    await teardownSpoke({ ctx, input: { ref: created.id } });
    expect((await h.waitForSpoke(created.id, ["deleted", "delete_failed"])).status).toBe("deleted");
    const after = await scrape();

    const delta = (fam: Scrape, name: string, labels?: Record<string, string>) =>
      value(fam, name, labels) - value(before, name, labels);
    expect(delta(afterCreate, "hsc_deployments_total", { kind: "create", outcome: "succeeded" })).toBe(1);
    expect(delta(afterCreate, "hsc_deployments_total", { kind: "teardown", outcome: "succeeded" })).toBe(0);
    expect(delta(after, "hsc_deployments_total", { kind: "teardown", outcome: "succeeded" })).toBe(1);
    // Histograms: one observation per step that ran.
    expect(delta(afterCreate, "hsc_step_duration_seconds", { step: "create_vnet", outcome: "succeeded" })).toBe(1);
    expect(delta(after, "hsc_step_duration_seconds", { step: "delete_vm" })).toBeGreaterThanOrEqual(1);
    expect(
      delta(afterCreate, "hsc_arm_requests_total", { operation: "PUT virtualNetworks", status: "201" }) +
        delta(afterCreate, "hsc_arm_requests_total", { operation: "PUT virtualNetworks", status: "200" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      delta(afterCreate, "hsc_arm_requests_total", { operation: "PUT networkInterfaces", status: "429" }),
      JSON.stringify(afterCreate.find((f) => f.name === "hsc_arm_requests_total")?.metrics),
    ).toBe(1);
    expect(delta(after, "hsc_arm_requests_total", { operation: "DELETE virtualMachines" })).toBeGreaterThanOrEqual(1);
    expect(delta(afterCreate, "hsc_gateway_puts_total", { outcome: "succeeded" })).toBeGreaterThanOrEqual(1);
    expect(delta(afterCreate, "hsc_gateway_queue_wait_seconds", { step: "update_agw", outcome: "applied" })).toBe(1);
    // Read at scrape time, per queue; nothing is waiting once both deployments are done.
    const depth = after.find((f) => f.name === "hsc_queue_depth");
    expect(depth?.type).toBe("GAUGE");
    expect(depth?.metrics.map((m) => m.labels?.queue).sort()).toEqual([
      "deployments",
      "gateway-reconcile",
      "webhook-delivery",
    ]);
    expect(after.find((f) => f.name === "hsc_sse_clients")?.type).toBe("GAUGE");
  }, 90_000);

  it("is for admins only", async () => {
    const user = await h.newUser("user");
    await expect(readMetrics({ ctx: { actor: user } })).rejects.toMatchObject({ code: "not_found" });
    const admin = await h.newUser("admin");
    expect((await readMetrics({ ctx: { actor: admin } })).body).toContain("# TYPE hsc_deployments_total counter");
  });

  it("labels ARM requests by method and resource type, never by name", () => {
    const sub = "https://management.azure.com/subscriptions/0000/resourceGroups/hub-rg";
    expect(
      armOperationLabel(
        "PUT",
        `${sub}/providers/Microsoft.Network/virtualNetworks/spoke-vnet-3/subnets/spoke-3-vm-subnet?api-version=1`,
      ),
    ).toBe("PUT virtualNetworks/subnets");
    expect(armOperationLabel("GET", `${sub}/providers/Microsoft.Compute/virtualMachines?api-version=1`)).toBe(
      "GET virtualMachines",
    );
    expect(
      armOperationLabel(
        "GET",
        "https://management.azure.com/subscriptions/0000/providers/Microsoft.Network/locations/eastus/operations/abc",
      ),
    ).toBe("GET locations/operations");
    expect(armOperationLabel("GET", `${sub}?api-version=1`)).toBe("GET resourceGroups");
  });
});
