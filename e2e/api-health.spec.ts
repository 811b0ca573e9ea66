import { expect, test } from "@playwright/test";
import { adminToken, mintToken } from "./admin-token";
import { api, simRequests, simulator } from "./api-helpers";

test("anonymous /api/health says only up or down, and 100 calls make at most one ARM request", async () => {
  const sim = await simulator();
  const probes = async () => (await simRequests(sim)).byMethodAndOperation["GET resourceGroups.get"] ?? 0;
  const before = await probes();
  const answers = [];
  for (let batch = 0; batch < 10; batch++)
    answers.push(...(await Promise.all(Array.from({ length: 10 }, () => api("GET", "/api/health")))));
  expect(answers.map((a) => a.status).every((s) => s === 200)).toBe(true);
  expect((await probes()) - before).toBeLessThanOrEqual(1);
  for (const a of answers) {
    expect(a.body).toEqual({ status: "success", data: { ok: true } });
    const text = JSON.stringify(a.body);
    expect(text).not.toMatch(/https?:|error|simulator|version|pglite|postgres|latency/i);
  }
  await sim.dispose();
});

test("a signed-in user who is not an admin gets the same up/down answer", async () => {
  const res = await api("GET", "/api/health", { token: await mintToken("alice@example.com") });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: "success", data: { ok: true } });
});

test("an admin gets each check's detail: database, worker, the simulator URL and the Azure probe", async () => {
  const res = await api<{ ok: boolean; checks: Record<string, Record<string, unknown>> }>("GET", "/api/health", {
    token: await adminToken(),
  });
  expect(res.status).toBe(200);
  const checks = res.body.data!.checks;
  expect(checks.database).toMatchObject({ ok: true, driver: "pglite" });
  expect(checks.worker).toMatchObject({ ok: true, status: "ok" });
  expect(checks.azure).toMatchObject({ ok: true, mode: "simulator", hub_resource_group: "found" });
  expect(String(checks.azure!.simulator_url)).toMatch(/^https:\/\//);
  expect(typeof checks.azure!.probed_at).toBe("string");
});
