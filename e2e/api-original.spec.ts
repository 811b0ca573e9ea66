/**
 * The Flask original's documented answers (its README: "Create a New Spoke" and the progress
 * endpoint), reproduced field for field — names, value types and status words — by GET
 * /api/spokes/{id} and /progress: for a spoke that completes, and for one whose create_vm fails
 * by a fault injected into the simulator and is rolled back. Our richer fields stay beside them.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { CREATE_STEP_KEYS } from "../lib/orchestrator/workflows";
import { api, cleanupSpokes, createToken, getSpokeLive, simulator, sshRsaKey, waitForSpoke } from "./api-helpers";

type Json = Record<string, unknown>;

/** The original README's create answer (`data`), with one of its steps, as documented. */
const ORIGINAL_SPOKE = {
  spoke_id: 1,
  client_name: "acme-corp",
  status: "completed",
  progress: 100,
  vnet_name: "spoke-vnet-1",
  vnet_id: "/subscriptions/.../spoke-vnet-1",
  vm_name: "spoke-vm-1",
  vm_id: "/subscriptions/.../spoke-vm-1",
  vm_private_ip: "10.11.1.4",
  deployment_steps: [
    {
      step_name: "validate_config",
      status: "completed",
      started_at: "2025-12-11T10:00:00Z",
      completed_at: "2025-12-11T10:00:01Z",
      error_message: null,
    },
  ],
  created_at: "2025-12-11T10:00:00Z",
  updated_at: "2025-12-11T10:05:30Z",
  completed_at: "2025-12-11T10:05:30Z",
  error_message: null,
  failed_step: null,
};
/** The original's progress answer (its operator guide): `timestamp` per step, `progress_percentage`. */
const ORIGINAL_PROGRESS = {
  spoke_id: 1,
  status: "in_progress",
  deployment_steps: [{ step_name: "validate_config", status: "completed", timestamp: "2025-12-11T01:00:00" }],
  progress_percentage: 40,
};
/** Fields the original documents as "string, or null until it applies" (null in one example, a string in another). */
const NULLABLE = new Set([
  "vnet_id",
  "vm_id",
  "vm_private_ip",
  "completed_at",
  "error_message",
  "failed_step",
  "started_at",
  "timestamp",
]);
const STEP_WORDS = ["pending", "in_progress", "completed", "failed"];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Every field of `documented` is in `ours` with the same JSON type (arrays: every element against the first documented one). */
function expectSameShape(ours: unknown, documented: unknown, where: string): void {
  if (Array.isArray(documented)) {
    expect(Array.isArray(ours), `${where} is an array`).toBe(true);
    for (const [i, item] of (ours as unknown[]).entries()) expectSameShape(item, documented[0], `${where}[${i}]`);
    return;
  }
  if (documented !== null && typeof documented === "object") {
    expect(ours, `${where} is an object`).toEqual(expect.any(Object));
    for (const [key, value] of Object.entries(documented)) {
      const mine = (ours as Json)[key];
      expect(Object.keys(ours as Json), `${where} has ${key}`).toContain(key);
      if ((value === null || NULLABLE.has(key)) && mine === null) continue;
      if (value === null) expect(typeof mine, `${where}.${key} is a string or null`).toBe("string");
      else expectSameShape(mine, value, `${where}.${key}`);
    }
    return;
  }
  expect(typeof ours, `${where} is a ${typeof documented}`).toBe(typeof documented);
}

let token = "";
let sim: APIRequestContext;
const faults: string[] = [];

test.beforeAll(async ({ browser }) => {
  token = await createToken(browser, "Alice");
  sim = await simulator();
});

test.afterAll(async () => {
  for (const id of faults) await sim.delete(`/_sim/faults/${id}`);
  await sim?.dispose();
  if (token) await cleanupSpokes(token, [231]);
});

test.describe.configure({ mode: "serial" });

async function addFault(rule: Json): Promise<void> {
  const res = await sim.post("/_sim/faults", { data: rule });
  expect(res.status(), await res.text()).toBe(201);
  faults.push(((await res.json()) as { ids: string[] }).ids[0]!);
}

async function create(spokeId: number, client: string): Promise<void> {
  const res = await api("POST", "/api/spokes", {
    token,
    json: { spoke_id: spokeId, client_name: client, ssh_public_key: sshRsaKey() },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
}

test("a completed spoke: deployment_steps in the original's words, and its progress, vm_private_ip, completed_at", async () => {
  // create_vm held for 3 s, so polling sees steps in_progress and pending as the original showed them.
  await addFault({
    kind: "latency",
    operation: "virtualMachines.createOrUpdate",
    name: "spoke-vm-231",
    latencyMs: 3_000,
    times: 1,
  });
  await create(231, "orig-acme");
  const seen = new Set<string>();
  for (let i = 0; ; i++) {
    const res = await api<Json>("GET", "/api/spokes/231/progress", { token });
    expect(res.status).toBe(200);
    const p = res.body.data!;
    expectSameShape(p, ORIGINAL_PROGRESS, "progress");
    for (const s of p.deployment_steps as { status: string }[]) seen.add(s.status);
    if (p.status === "completed") break;
    expect(["pending", "in_progress"], JSON.stringify(p).slice(0, 600)).toContain(p.status);
    expect(i, "completes within ~45 s").toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 150));
  }
  expect([...seen].sort()).toEqual(["completed", "in_progress", "pending"]);

  const progress = (await api<Json>("GET", "/api/spokes/231/progress", { token })).body.data!;
  const steps = progress.deployment_steps as {
    step_name: string;
    status: string;
    started_at: string;
    completed_at: string;
    error_message: null;
    timestamp: string;
  }[];
  expect(steps.map((s) => s.step_name)).toEqual([...CREATE_STEP_KEYS]);
  for (const s of steps) {
    expect(s.status).toBe("completed");
    expect(s.error_message).toBeNull();
    // A step already in place is skipped without running; every other one has its times.
    if (s.started_at !== null) expect(s.started_at).toMatch(ISO);
    expect(s.completed_at).toMatch(ISO);
    expect(s.timestamp).toBe(s.completed_at);
  }
  expect(progress.progress_percentage).toBe(100);
  // Our own vocabulary is still there for the console.
  for (const s of progress.steps as { status: string }[]) expect(["succeeded", "skipped"]).toContain(s.status);

  // The record's fields come at once; the live Azure view (vm) once its snapshot was read after completion.
  const spoke = await getSpokeLive<Json & { live?: { read_at: string | null } }>(
    token,
    231,
    new Date(Date.parse(progress.completed_at as string)),
  );
  expectSameShape(spoke, ORIGINAL_SPOKE, "spoke");
  expect(spoke).toMatchObject({
    spoke_id: 231,
    client_name: "orig-acme",
    status: "completed",
    progress: 100,
    vnet_name: "spoke-vnet-231",
    vm_name: "spoke-vm-231",
    vm_private_ip: "10.11.231.4",
    failed_step: null,
    error_message: null,
  });
  expect(spoke.vnet_id).toMatch(
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/spoke-vnet-231$/,
  );
  expect(spoke.vm_id).toMatch(/\/providers\/Microsoft\.Compute\/virtualMachines\/spoke-vm-231$/);
  expect(spoke.completed_at).toMatch(ISO);
  expect(spoke.completed_at).toBe((spoke.deployment as { finished_at: string }).finished_at);
  expect(spoke.deployment_steps).toEqual(progress.deployment_steps);
  // The live view agrees with the record.
  expect((spoke.vm as { private_ip: string }).private_ip).toBe(spoke.vm_private_ip);
});

test("a create failed by an injected fault: failed_step, error_message and the failed step survive the rollback", async () => {
  const message =
    "Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota.";
  await addFault({
    kind: "error",
    operation: "virtualMachines.createOrUpdate",
    name: "spoke-vm-232",
    code: "OperationNotAllowed",
    status: 409,
    message,
    phase: "sync",
  });
  await create(232, "orig-failing");
  const rolledBack = await waitForSpoke(token, 232, ["rolled_back"], 90_000);
  expect(rolledBack.status).toBe("rolled_back");

  const res = await api<Json>("GET", "/api/spokes/232", { token });
  expect(res.status).toBe(200);
  const spoke = res.body.data!;
  expectSameShape(spoke, ORIGINAL_SPOKE, "spoke");
  expect(spoke).toMatchObject({
    spoke_id: 232,
    status: "rolled_back",
    failed_step: "create_vm",
    completed_at: null,
    vm_id: null,
    vm_private_ip: null,
    vnet_name: "spoke-vnet-232",
  });
  expect(spoke.error_message).toContain(message);
  expect(typeof spoke.progress).toBe("number");

  const steps = new Map(
    (
      spoke.deployment_steps as {
        step_name: string;
        status: string;
        error_message: string | null;
        completed_at: string | null;
      }[]
    ).map((s) => [s.step_name, s]),
  );
  expect([...steps.keys()]).toEqual([...CREATE_STEP_KEYS]);
  for (const s of steps.values()) expect(STEP_WORDS).toContain(s.status);
  for (const k of ["validate_config", "create_vnet", "create_subnets", "create_nic"])
    expect(steps.get(k)!.status, k).toBe("completed");
  expect(steps.get("create_vm")).toMatchObject({ status: "failed", completed_at: expect.stringMatching(ISO) });
  expect(steps.get("create_vm")!.error_message).toContain(message);
  for (const k of ["wait_vm_ready", "get_vm_private_ip", "save_to_storage"])
    expect(steps.get(k), k).toMatchObject({ status: "pending", completed_at: null, error_message: null });

  // /progress: the same original fields; `steps` is now the rollback's, in our words.
  const progress = (await api<Json>("GET", "/api/spokes/232/progress", { token })).body.data!;
  expectSameShape(progress, ORIGINAL_PROGRESS, "progress");
  expect(progress).toMatchObject({
    kind: "rollback",
    failed_step: "create_vm",
    deployment_steps: spoke.deployment_steps,
  });
  expect((progress.steps as { key: string }[]).map((s) => s.key)).toContain("delete_vnet");
});

test("error answers carry the original's envelope plus a stable code", async () => {
  const cases: [string, string, Json | undefined, number, string][] = [
    ["GET", "/api/spokes/999", undefined, 404, "not_found"],
    ["POST", "/api/spokes", { spoke_id: 300, client_name: "test" }, 400, "bad_request"],
    [
      "POST",
      "/api/spokes",
      { spoke_id: 231, client_name: "someone-else", ssh_public_key: sshRsaKey() },
      409,
      "conflict",
    ],
  ];
  for (const [method, path, json, status, code] of cases) {
    const res = await api(method, path, { token, json });
    expect(res.status, `${method} ${path}`).toBe(status);
    expect(res.body).toMatchObject({
      status: "error",
      code,
      message: expect.any(String),
      trace_id: expect.any(String),
    });
  }
  const anon = await api("GET", "/api/spokes");
  expect(anon.status).toBe(401);
  expect(anon.body).toMatchObject({ status: "error", code: "unauthorized", message: "Authentication required" });
});
