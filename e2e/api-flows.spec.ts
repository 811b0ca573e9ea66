/**
 * The Flask original's documented API flows (its README, "API Examples with curl"), replayed with
 * a Bearer token: minimal and full create, get by number and uuid, list with status and limit,
 * delete, and the documented 400/404 answers with their exact messages.
 */
import { expect, test } from "@playwright/test";
import { api, cleanupSpokes, createToken, getSpokeLive, simulator, sshRsaKey, waitForSpoke } from "./api-helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let token = "";

test.beforeAll(async ({ browser }) => {
  token = await createToken(browser, "Alice");
});

test.afterAll(async () => {
  await cleanupSpokes(token, [201, 202]);
});

test.describe.configure({ mode: "serial" });

test("GET /api names the API and lists every endpoint", async () => {
  const res = await api<{ name: string; version: string; endpoints: { method: string; path: string }[] }>(
    "GET",
    "/api",
  );
  expect(res.status).toBe(200);
  expect(res.body.status).toBe("success");
  const listed = res.body.data!.endpoints.map((e) => `${e.method} ${e.path}`);
  for (const op of [
    "POST /api/spokes",
    "GET /api/spokes",
    "GET /api/spokes/{spokeId}",
    "DELETE /api/spokes/{spokeId}",
    "GET /api/spokes/{spokeId}/events",
    "GET /api/openapi.json",
  ]) {
    expect(listed).toContain(op);
  }
});

test("minimal create answers 202 at once with the deployment id; the spoke later reads completed", async () => {
  const res = await api<{
    id: string;
    spoke_id: number;
    status: string;
    deployment_id: string;
    links: { self: string };
  }>("POST", "/api/spokes", {
    token,
    json: { spoke_id: 201, client_name: "acme-corp", ssh_public_key: sshRsaKey("your-email@example.com") },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.status).toBe("success");
  const created = res.body.data!;
  expect(created).toMatchObject({ spoke_id: 201, client_name: "acme-corp", status: "in_progress" });
  expect(created.deployment_id).toMatch(UUID);
  expect(res.headers.get("location")).toBe(created.links.self);
  // The original blocked for minutes; here the answer comes before the work.
  expect(res.ms).toBeLessThan(5_000);

  const done = await waitForSpoke(token, 201, ["completed"]);
  expect(done.deployment_id).toBe(created.deployment_id);
  expect(done.progress_percentage).toBe(100);
  expect(done.steps.length).toBeGreaterThan(5);
  for (const step of done.steps) expect(["succeeded", "skipped"]).toContain(step.status);
});

test("full create with subnets and application_gateway; GET by number and by uuid shows the live Azure view", async () => {
  const body = {
    spoke_id: 202,
    client_name: "contoso-finance",
    vm_size: "Standard_D2s_v3",
    admin_username: "azureadmin",
    ssh_public_key: sshRsaKey("admin@contoso.com"),
    subnets: {
      vm_subnet_prefix: "10.11.202.0/26",
      db_subnet_prefix: "10.11.202.64/26",
      kv_subnet_prefix: "10.11.202.128/26",
      workspace_subnet_prefix: "10.11.202.192/26",
    },
    application_gateway: { backend_pool_name: "contoso-finance-pool", routing_rule_name: "contoso-finance-route" },
  };
  const res = await api<{ id: string }>("POST", "/api/spokes", { token, json: body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id = res.body.data!.id;
  await waitForSpoke(token, 202, ["completed"]);
  const completedAt = new Date();

  const spoke = await getSpokeLive<Record<string, any>>(token, 202, completedAt); // eslint-disable-line @typescript-eslint/no-explicit-any -- the live view is loosely typed JSON
  expect(spoke).toMatchObject({
    id,
    spoke_id: 202,
    client_name: "contoso-finance",
    status: "completed",
    vm_size: "Standard_D2s_v3",
    exists: true,
  });
  expect(spoke.live_error).toBeUndefined();
  expect(spoke.vnet.address_space).toEqual(["10.11.202.0/24"]);
  expect(spoke.vnet.subnets.map((s: { address_prefix: string }) => s.address_prefix).sort()).toEqual(
    Object.values(body.subnets).sort(),
  );
  expect(spoke.vnet.peerings.hub_to_spoke.state).toBe("Connected");
  expect(spoke.vnet.peerings.spoke_to_hub.state).toBe("Connected");
  expect(spoke.vm).toMatchObject({ size: "Standard_D2s_v3", private_ip: "10.11.202.4" });
  expect(spoke.vm.status).toMatch(/running/i);
  expect(spoke.agw).toMatchObject({
    backend_pool_configured: true,
    backend_pool_name: "contoso-finance-pool",
    routing_rule_configured: true,
    routing_rule_name: "contoso-finance-route",
  });

  const byUuid = await api<{ id: string; spoke_id: number }>("GET", `/api/spokes/${id}`, { token });
  expect(byUuid.status).toBe(200);
  expect(byUuid.body.data).toMatchObject({ id, spoke_id: 202 });
});

test("list with status and limit", async () => {
  const all = await api<{ spoke_id: number; status: string }[]>("GET", "/api/spokes", { token });
  expect(all.status).toBe(200);
  expect(all.body.count).toBe(all.body.data!.length);
  expect(all.body.data!.map((s) => s.spoke_id)).toEqual(expect.arrayContaining([201, 202]));

  const completed = await api<{ status: string }[]>("GET", "/api/spokes?status=completed", { token });
  expect(completed.body.data!.length).toBeGreaterThanOrEqual(2);
  for (const s of completed.body.data!) expect(s.status).toBe("completed");

  const one = await api<{ spoke_id: number }[]>("GET", "/api/spokes?status=completed&limit=1", { token });
  expect(one.status).toBe(200);
  expect(one.body.data).toHaveLength(1);
  expect(one.body.count).toBe(1);
  expect(one.body.next_cursor).toEqual(expect.any(String));
  const rest = await api<{ spoke_id: number }[]>(
    "GET",
    `/api/spokes?status=completed&limit=1&cursor=${one.body.next_cursor}`,
    { token },
  );
  expect(rest.body.data).toHaveLength(1);
  expect(rest.body.data![0]!.spoke_id).not.toBe(one.body.data![0]!.spoke_id);

  for (const status of ["failed", "in_progress", "pending", "rolling_back"]) {
    const none = await api<{ spoke_id: number }[]>("GET", `/api/spokes?status=${status}`, { token });
    expect(none.status).toBe(200);
    expect(none.body.data!.map((s) => s.spoke_id)).not.toContain(201);
  }
});

test("the documented errors, with the original's exact messages", async () => {
  const range = await api("POST", "/api/spokes", { token, json: { spoke_id: 300, client_name: "test" } });
  expect(range.status).toBe(400);
  expect(range.body).toMatchObject({ status: "error", message: "Invalid spoke_id: 300. Must be between 1 and 254" });
  expect(range.body.trace_id).toEqual(expect.any(String));

  const missing = await api("POST", "/api/spokes", { token, json: { spoke_id: 1 } });
  expect(missing.status).toBe(400);
  expect(missing.body).toMatchObject({ status: "error", message: "client_name is required" });

  const notFound = await api("GET", "/api/spokes/999", { token });
  expect(notFound.status).toBe(404);
  expect(notFound.body).toMatchObject({ status: "error", message: "Spoke 999 not found" });

  const taken = await api("POST", "/api/spokes", {
    token,
    json: { spoke_id: 201, client_name: "someone-else", ssh_public_key: sshRsaKey() },
  });
  expect(taken.status).toBe(409);
  expect(taken.body.message).toBe("Spoke 201 already exists");
});

test("delete answers 202, the teardown removes every resource, and the spoke reads deleted", async () => {
  const res = await api<{ spoke_id: number; deployment_id: string; kind: string }>("DELETE", "/api/spokes/201", {
    token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.message).toBe("Teardown of spoke 201 started");
  expect(res.body.data).toMatchObject({ spoke_id: 201, kind: "teardown" });
  await waitForSpoke(token, 201, ["deleted"]);

  const after = await api<{ status: string; exists: boolean }>("GET", "/api/spokes/201", { token });
  expect(after.status).toBe(200);
  expect(after.body.data).toMatchObject({ status: "deleted", exists: false });
  const listed = await api<{ spoke_id: number }[]>("GET", "/api/spokes", { token });
  expect(listed.body.data!.map((s) => s.spoke_id)).not.toContain(201);

  const sim = await simulator();
  const inventory = (await (await sim.get("/_sim/inventory")).json()) as { resources: { name: string }[] };
  expect(inventory.resources.map((r) => r.name).filter((n) => /(^|-)201($|-)|acme-corp/.test(n))).toEqual([]);
  await sim.dispose();
});
