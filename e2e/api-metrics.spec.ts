/**
 * GET /api/metrics on the built app: admins only (anonymous 401, users 404), valid Prometheus text
 * (parsed by an independent parser), and the deployment counters move as a spoke is created and
 * torn down through the API — the worker and the route share one registry in the server process.
 */
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { expect, test } from "@playwright/test";
import { api, BASE_URL, createToken, sshRsaKey, waitForSpoke } from "./api-helpers";

let admin = "";
let alice = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  admin = await createToken(browser, "Admin");
  alice = await createToken(browser, "Alice");
});

async function scrape(): Promise<MetricFamily[]> {
  const res = await fetch(`${BASE_URL}/api/metrics`, { headers: { authorization: `Bearer ${admin}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await res.text());
}

const counter = (families: MetricFamily[], name: string, labels: Record<string, string>) =>
  (families.find((f) => f.name === name)?.metrics ?? [])
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((n, m) => n + Number(m.value ?? 0), 0);

test("anonymous is 401 and a user is 404; an admin's token reads the metrics", async () => {
  const anon = await api("GET", "/api/metrics");
  expect(anon.status).toBe(401);
  expect(anon.body).toMatchObject({ status: "error", message: "Authentication required" });
  const user = await api("GET", "/api/metrics", { token: alice });
  expect(user.status).toBe(404);
  const families = await scrape();
  for (const name of [
    "hsc_deployments_total",
    "hsc_step_duration_seconds",
    "hsc_arm_requests_total",
    "hsc_gateway_puts_total",
    "hsc_gateway_queue_wait_seconds",
    "hsc_sse_clients",
    "hsc_queue_depth",
    "hsc_webhook_deliveries_total",
  ]) {
    expect(
      families.map((f) => f.name),
      name,
    ).toContain(name);
  }
});

test("counters move as a spoke is created and torn down", async () => {
  const before = await scrape();
  const created = await api<{ id: string }>("POST", "/api/spokes", {
    token: alice,
    json: { client_name: "metrics-e2e", ssh_public_key: sshRsaKey() },
  });
  expect(created.status).toBe(202);
  await waitForSpoke(alice, created.body.data!.id, ["completed"]);
  const mid = await scrape();
  expect(
    counter(mid, "hsc_deployments_total", { kind: "create", outcome: "succeeded" }) -
      counter(before, "hsc_deployments_total", { kind: "create", outcome: "succeeded" }),
  ).toBe(1);
  expect(counter(mid, "hsc_arm_requests_total", { operation: "PUT virtualMachines" })).toBeGreaterThan(
    counter(before, "hsc_arm_requests_total", { operation: "PUT virtualMachines" }),
  );
  expect((await api("DELETE", `/api/spokes/${created.body.data!.id}`, { token: alice })).status).toBe(202);
  await waitForSpoke(alice, created.body.data!.id, ["deleted"]);
  const after = await scrape();
  expect(
    counter(after, "hsc_deployments_total", { kind: "teardown", outcome: "succeeded" }) -
      counter(mid, "hsc_deployments_total", { kind: "teardown", outcome: "succeeded" }),
  ).toBe(1);
  expect(counter(after, "hsc_arm_requests_total", { operation: "DELETE virtualMachines" })).toBeGreaterThan(
    counter(mid, "hsc_arm_requests_total", { operation: "DELETE virtualMachines" }),
  );
});
