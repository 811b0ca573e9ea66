import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startArmSimulator } from "../../arm-simulator";
import { DEFAULT_THROTTLE } from "../../arm-simulator/throttle";
import { createAzureGateway } from "../index";
import { startSimulatedAzure, testSshPublicKey } from "../testing";
import { rawRequest } from "./test-http";

let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
const rg = "hub-rg";
const spec = (x: number) => ({ location: "eastus", addressPrefixes: [`10.11.${x}.0/24`], subnets: [] });
beforeAll(async () => {
  env = await startSimulatedAzure({ maxRetries: 0 });
});
afterAll(async () => {
  await env.stop();
});

describe("fault injection", () => {
  it("fails once, N times or always with the given code, as a RestError → AzureError", async () => {
    const id = env.sim.addFault({
      kind: "error",
      operation: "virtualNetworks.createOrUpdate",
      name: "spoke-vnet-1*",
      code: "InternalServerError",
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      await expect(env.gateway.createOrUpdateVirtualNetwork(rg, "spoke-vnet-10", spec(10))).rejects.toMatchObject({
        code: "InternalServerError",
        statusCode: 500,
      });
    }
    expect((await env.gateway.createOrUpdateVirtualNetwork(rg, "spoke-vnet-10", spec(10))).provisioningState).toBe(
      "Succeeded",
    );
    expect(env.sim.removeFault(id)).toBe(false);
    env.sim.addFault({
      kind: "error",
      operation: "*.get",
      name: "spoke-vnet-10",
      code: "AuthorizationFailed",
      status: 403,
    });
    await expect(env.gateway.getVirtualNetwork(rg, "spoke-vnet-10")).rejects.toMatchObject({
      code: "AuthorizationFailed",
      statusCode: 403,
    });
    expect(await env.gateway.getVirtualNetwork(rg, "hub-vnet")).toBeDefined();
    env.sim.clearFaults();
  });

  it("keeps Azure's message when a paged list is refused (the SDK's paging helper replaces it)", async () => {
    env.sim.addFault({
      kind: "error",
      operation: "resourceSkus.list",
      code: "AuthorizationFailed",
      status: 403,
      times: 1,
    });
    const err = await env.gateway.listVmSkus("eastus").catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AzureError", code: "AuthorizationFailed", statusCode: 403 });
    expect((err as Error).message).toBe("Injected failure AuthorizationFailed.");
    env.sim.addFault({ kind: "error", operation: "usage.list", code: "SubscriptionNotFound", status: 404, times: 1 });
    const second = await env.gateway.listComputeUsages("eastus").catch((e: unknown) => e);
    expect(second).toMatchObject({ code: "SubscriptionNotFound", message: "Injected failure SubscriptionNotFound." });
  });

  it("adds latency", async () => {
    env.sim.addFault({ kind: "latency", operation: "virtualNetworks.get", latencyMs: 120, times: 1 });
    const t0 = Date.now();
    await env.gateway.getVirtualNetwork(rg, "hub-vnet");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
  });

  it("loses the reply of an applied write", async () => {
    env.sim.addFault({
      kind: "lostReply",
      operation: "virtualNetworks.createOrUpdate",
      name: "spoke-vnet-11",
      times: 1,
    });
    const err = await env.gateway.createOrUpdateVirtualNetwork(rg, "spoke-vnet-11", spec(11)).catch((e) => e);
    expect(err).toMatchObject({ name: "AzureError", statusCode: undefined });
    expect(env.sim.inventory().resources.some((r) => r.name === "spoke-vnet-11")).toBe(true);
    expect((await env.gateway.getVirtualNetwork(rg, "spoke-vnet-11"))?.provisioningState).toBe("Succeeded");
  });

  it("exhausts vCPU quota on demand", async () => {
    const subnet = await env.gateway.createOrUpdateSubnet(rg, "spoke-vnet-11", {
      name: "vm",
      addressPrefix: "10.11.11.0/26",
    });
    const nic = await env.gateway.createOrUpdateNetworkInterface(rg, "q-nic", {
      location: "eastus",
      subnetId: subnet.id,
    });
    env.sim.addFault({ kind: "quota", operation: "virtualMachines.createOrUpdate", name: "q-vm", times: 1 });
    const vm = {
      location: "eastus",
      vmSize: "Standard_B1s",
      adminUsername: "azureuser",
      sshPublicKey: await testSshPublicKey(),
      networkInterfaceId: nic.id,
      osDiskName: "q-osdisk",
    };
    await expect(env.gateway.createOrUpdateVirtualMachine(rg, "q-vm", vm)).rejects.toMatchObject({
      code: "OperationNotAllowed",
      statusCode: 409,
    });
    expect(await env.gateway.getVirtualMachine(rg, "q-vm")).toBeUndefined();
  });

  it("answers a write on a busy VNet with 429 RetryableError", async () => {
    env.sim.configure({ profile: "fast", timeScale: 20 });
    const slow = env.gateway.createOrUpdateSubnet(rg, "spoke-vnet-10", { name: "a", addressPrefix: "10.11.10.0/26" });
    await new Promise((r) => setTimeout(r, 2));
    await expect(
      env.gateway.createOrUpdateSubnet(rg, "spoke-vnet-10", { name: "b", addressPrefix: "10.11.10.64/26" }),
    ).rejects.toMatchObject({ code: "RetryableError", statusCode: 429 });
    await slow;
    env.sim.configure({ profile: "instant", timeScale: 1 });
  });

  it("throttles like ARM: remaining-budget headers, then 429 SubscriptionRequestsThrottled with Retry-After", async () => {
    env.sim.configure({ throttle: { enabled: true, reads: { size: 2, refillPerSecond: 1 } } });
    const get = () =>
      rawRequest(
        env.sim.url,
        env.sim.caPem,
        "GET",
        `/subscriptions/${env.sim.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/hub-vnet?api-version=2024-05-01`,
      );
    expect((await get()).headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("1");
    expect((await get()).headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("0");
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe("SubscriptionRequestsThrottled");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // The gateway's request budget waits the pause out instead of failing the call.
    const t0 = Date.now();
    expect((await env.gateway.getVirtualNetwork(rg, "hub-vnet"))?.name).toBe("hub-vnet");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(env.sim.requests().throttled).toBeGreaterThanOrEqual(2);
    env.sim.configure({ throttle: DEFAULT_THROTTLE });
  });

  it("sends a sub-second wait as retry-after-ms, never as Retry-After 0", async () => {
    env.sim.configure({ timeScale: 0.01, throttle: { enabled: true, deletes: { size: 1, refillPerSecond: 1 } } });
    const del = () =>
      rawRequest(
        env.sim.url,
        env.sim.caPem,
        "DELETE",
        `/subscriptions/${env.sim.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/no-such-vnet?api-version=2024-05-01`,
      );
    expect((await del()).headers["x-ms-ratelimit-remaining-subscription-deletes"]).toBe("0");
    const refused = await del();
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(Number(refused.headers["retry-after-ms"])).toBeGreaterThan(0);
    expect(Number(refused.headers["retry-after-ms"])).toBeLessThanOrEqual(10);
    env.sim.configure({ timeScale: 1, throttle: DEFAULT_THROTTLE });
  });
});

describe("admin API", () => {
  it("serves inventory, request counts, faults and reset over HTTPS", async () => {
    const a = (m: string, p: string, b?: unknown) => rawRequest(env.sim.url, env.sim.caPem, m, p, b, {});
    const inv = await a("GET", "/_sim/inventory?resourceGroup=hub-rg");
    expect(inv.json.resources.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(["hub-vnet", "hub-agw", "hub-agw-pip", "defaultPool"]),
    );
    await a("DELETE", "/_sim/requests");
    await env.gateway.getVirtualNetwork(rg, "hub-vnet");
    const req = await a("GET", "/_sim/requests");
    expect(req.json.byMethodAndOperation["GET virtualNetworks.get"]).toBe(1);
    const added = await a("POST", "/_sim/faults", {
      kind: "error",
      operation: "virtualNetworks.get",
      code: "InternalServerError",
    });
    expect(added.status).toBe(201);
    expect((await a("GET", "/_sim/faults")).json.value).toHaveLength(1);
    await a("DELETE", "/_sim/faults");

    // skip: the first two hub VNet GETs pass, the third fails, the fourth passes again.
    const bad = [
      { kind: "latency", latencyMs: 1 },
      { kind: "error", operation: "virtualNetworks.get" },
    ];
    const refused = await a("POST", "/_sim/faults", bad);
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/needs a code/);
    expect((await a("GET", "/_sim/faults")).json.value).toEqual([]); // all or none
    const third = { kind: "error", operation: "virtualNetworks.get", name: "hub-vnet", code: "InternalServerError" };
    expect((await a("POST", "/_sim/faults", { ...third, skip: 2, times: 1 })).status).toBe(201);
    const gets = [];
    for (let i = 0; i < 4; i++)
      gets.push(
        await env.gateway.getVirtualNetwork(rg, "hub-vnet").then(
          () => "ok",
          (e: { code?: string }) => e.code,
        ),
      );
    expect(gets).toEqual(["ok", "ok", "InternalServerError", "ok"]);
    await a("POST", "/_sim/reset", {});
    expect((await a("GET", "/_sim/faults")).json.value).toHaveLength(0);
    expect(await env.gateway.getVirtualNetwork(rg, "spoke-vnet-10")).toBeUndefined();
    expect(await env.gateway.getVirtualNetwork(rg, "hub-vnet")).toBeDefined();
    await a("POST", "/_sim/reset", { seedHub: false });
    expect(await env.gateway.getResourceGroup(rg)).toBeUndefined();
  });
});

describe("state", () => {
  it("keeps every resource and the certificate across a restart; faults come from a JSON string", async () => {
    const dir = mkdtempSync(join(tmpdir(), "arm-sim-"));
    try {
      const first = await startArmSimulator({ dataDir: dir });
      const gw = createAzureGateway({
        mode: "simulator",
        endpoint: first.url,
        caPem: first.caPem,
        subscriptionId: first.subscriptionId,
        defaultPollIntervalMs: 5,
      });
      await gw.createOrUpdateVirtualNetwork(rg, "spoke-vnet-12", spec(12));
      const port = first.port;
      await first.stop();
      const second = await startArmSimulator({
        dataDir: dir,
        port,
        faults: '[{"kind":"error","operation":"virtualNetworks.delete","code":"Conflict"}]',
      });
      try {
        expect(second.caPem).toBe(first.caPem);
        expect((await gw.getVirtualNetwork(rg, "spoke-vnet-12"))?.addressPrefixes).toEqual(["10.11.12.0/24"]);
        expect(second.inventory().resources.length).toBe(first.inventory().resources.length);
        await expect(gw.deleteVirtualNetwork(rg, "spoke-vnet-12")).rejects.toMatchObject({
          code: "Conflict",
          statusCode: 409,
        });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
