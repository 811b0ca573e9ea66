/**
 * The hub bootstrap workflow on a real database (PGlite, or the server with DATABASE_URL) against
 * a private simulator through the real SDK. Throttling is left at the simulator's default: the
 * assertions count PUTs/DELETEs and created resources, which a retried 429 on a read does not change.
 */
import { request } from "node:https";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, gatewayState, users } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { ArmSimulator } from "@/lib/arm-simulator";
import { startSimulatedAzure } from "@/lib/azure/testing";
import type { AzureGateway } from "@/lib/azure/types";
import type { Actor } from "@/lib/auth/actor";
import { hubConfig, parseEnv } from "@/lib/env";
import {
  hubBootstrapView,
  requestHubBootstrap,
  startHubBootstrap,
  type HubBootstrapCtx,
  type HubBootstrapView,
} from "./bootstrap";
import { runHubBootstrap, type BootstrapReport } from "./run-bootstrap";
import { hubLedgerKey, hubSettingsFrom } from "./settings";

let db: TestDb;
let admin: Actor;
let cloud: { sim: ArmSimulator; gateway: AzureGateway; stop(): Promise<void> } | undefined;
const hub = hubConfig(parseEnv({}));

beforeAll(async () => {
  db = await createTestDb();
  const [u] = await db.db.insert(users).values({ email: "root@example.com", name: "root", role: "admin" }).returning();
  admin = { id: u!.id, email: u!.email, name: u!.name, role: "admin", via: "session" };
}, 60_000);
afterAll(async () => db?.destroy());
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

async function startCloud(seedHub: boolean) {
  cloud = await startSimulatedAzure({ seedHub });
  return cloud;
}

function ctxFor(gateway: AzureGateway): HubBootstrapCtx {
  return { db: db.db, azure: gateway, hub, timeScale: 0.001, pollIntervalMs: 5 };
}

async function runToEnd(gateway: AzureGateway): Promise<HubBootstrapView> {
  const ctx = ctxFor(gateway);
  const { id, started } = await startHubBootstrap(ctx, admin, "api");
  expect(started).toBe(true);
  await runHubBootstrap(
    { db: db.db, azure: gateway, hub: hubSettingsFrom(hub), timeScale: 0.001, pollIntervalMs: 5 },
    id,
  );
  return (await hubBootstrapView(db.db, id))!;
}

/** PUT/DELETE requests by operation, from the simulator's request log. */
function writesByOperation(sim: ArmSimulator): string[] {
  return sim
    .requests()
    .recent.filter((r) => r.method === "PUT" || r.method === "DELETE")
    .map((r) => `${r.method} ${r.operation}`);
}

function armDelete(sim: ArmSimulator, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${sim.url}${path}?api-version=2026-01-01`,
      { method: "DELETE", ca: sim.caPem, headers: { authorization: "Bearer test" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function waitGone(sim: ArmSimulator, name: string) {
  for (let i = 0; i < 200 && sim.inventory().resources.some((r) => r.name === name); i++)
    await new Promise((r) => setTimeout(r, 25));
  expect(sim.inventory().resources.map((r) => r.name)).not.toContain(name);
}

describe("hub bootstrap workflow", () => {
  it("builds the hub in a bare subscription, recorded step by step, then writes nothing on a second run", async () => {
    const { sim, gateway } = await startCloud(false);
    const first = await runToEnd(gateway);
    expect(first.status, JSON.stringify(first.error)).toBe("succeeded");
    expect(first.steps.map((s) => s.status)).toEqual(Array(6).fill("succeeded"));
    // The VNet and the public IP are made at once: either may be recorded first.
    expect(first.report).toMatchObject({ differences: [] });
    // safe because the view carries the run's BootstrapReport as written by runHubBootstrap
    expect([...(first.report as BootstrapReport).created].sort()).toEqual([
      "applicationGateway",
      "publicIpAddress",
      "resourceGroup",
      "virtualNetwork",
    ]);
    const types = first.events.map((e) => e.type);
    expect(types[0]).toBe("deployment.queued");
    expect(types.at(-1)).toBe("deployment.succeeded");
    expect(types.filter((t) => t === "step.succeeded")).toHaveLength(6);
    expect(first.events.map((e) => e.seq)).toEqual(first.events.map((_, i) => i + 1));

    const agw = await gateway.getApplicationGateway("hub-rg", "hub-agw");
    expect(agw?.requestRoutingRules.map((r) => r.name)).toEqual(["defaultRoutingRule"]);
    expect((await gateway.getVirtualNetwork("hub-rg", "hub-vnet"))?.subnets.map((s) => s.name).sort()).toEqual([
      "agw-subnet",
      "hub-subnet",
    ]);

    sim.resetRequests();
    const second = await runToEnd(gateway);
    expect(second.status).toBe("succeeded");
    expect(second.report).toMatchObject({ created: [], differences: [] });
    expect(writesByOperation(sim)).toEqual([]);
    expect(sim.requests().writes).toBe(0);

    const audit = await db.db.select().from(auditLog).where(eq(auditLog.action, "hub.bootstrap.finished"));
    expect(audit.filter((a) => a.outcome === "success").length).toBeGreaterThanOrEqual(2);
  });

  it("on a partly built hub creates only the missing gateway and subnet", async () => {
    const { sim, gateway } = await startCloud(true);
    const base = `/subscriptions/${sim.subscriptionId}/resourceGroups/hub-rg/providers/Microsoft.Network`;
    expect(await armDelete(sim, `${base}/applicationGateways/hub-agw`)).toBeLessThan(300);
    await waitGone(sim, "hub-agw");
    await gateway.deleteSubnet("hub-rg", "hub-vnet", "hub-subnet", { pollIntervalMs: 5 });
    // Spokes used this hub: the recreated gateway must get their entries back from the writer.
    await db.db
      .insert(gatewayState)
      .values({ hub: hubLedgerKey(hub), desiredGeneration: 4, appliedGeneration: 4 })
      .onConflictDoUpdate({ target: gatewayState.hub, set: { desiredGeneration: 4, appliedGeneration: 4 } });
    sim.resetRequests();

    const view = await runToEnd(gateway);
    expect(view.status, JSON.stringify(view.error)).toBe("succeeded");
    expect(view.report).toMatchObject({
      created: ["subnet hub-subnet", "applicationGateway"],
      existing: expect.arrayContaining(["resourceGroup", "virtualNetwork", "subnet agw-subnet", "publicIpAddress"]),
    });
    expect(writesByOperation(sim).sort()).toEqual([
      "PUT applicationGateways.createOrUpdate",
      "PUT subnets.createOrUpdate",
    ]);
    const [state] = await db.db
      .select()
      .from(gatewayState)
      .where(eq(gatewayState.hub, hubLedgerKey(hub)));
    expect(state).toMatchObject({ desiredGeneration: 5, appliedGeneration: 4 });
    expect(view.events.at(-1)?.message).toMatch(/re-applied by the gateway writer/);
  });

  it("leaves a hand-made VNet as it is and reports how it differs", async () => {
    const { sim, gateway } = await startCloud(false);
    await gateway.createResourceGroup("hub-rg", { location: "eastus" });
    await gateway.createOrUpdateVirtualNetwork(
      "hub-rg",
      "hub-vnet",
      {
        location: "eastus",
        addressPrefixes: ["10.0.0.0/15"],
        subnets: [{ name: "human-subnet", addressPrefix: "10.1.0.0/24" }],
      },
      { pollIntervalMs: 5 },
    );
    sim.resetRequests();

    const view = await runToEnd(gateway);
    expect(view.status, JSON.stringify(view.error)).toBe("succeeded");
    expect(view.report).toMatchObject({
      differences: [{ resource: "virtualNetwork", difference: "address space is 10.0.0.0/15, expected 10.0.0.0/16" }],
    });
    expect(writesByOperation(sim)).not.toContain("PUT virtualNetworks.createOrUpdate");
    const vnet = await gateway.getVirtualNetwork("hub-rg", "hub-vnet");
    expect(vnet?.addressPrefixes).toEqual(["10.0.0.0/15"]);
    expect(vnet?.subnets.map((s) => s.name).sort()).toEqual(["agw-subnet", "hub-subnet", "human-subnet"]);
  });

  it("a second request while one runs joins it instead of starting another; non-admins are refused", async () => {
    const { gateway } = await startCloud(false);
    const ctx = ctxFor(gateway);
    const [a, b] = await Promise.all([
      requestHubBootstrap({ ctx: { ...ctx, actor: admin }, input: { via: "api" } }),
      requestHubBootstrap({ ctx: { ...ctx, actor: admin }, input: { via: "console" } }),
    ]);
    expect(a.id).toBe(b.id);
    const user: Actor = { ...admin, role: "user" };
    await expect(requestHubBootstrap({ ctx: { ...ctx, actor: user }, input: { via: "api" } })).rejects.toMatchObject({
      code: "not_found",
    });
    for (let i = 0; i < 400; i++) {
      const v = await hubBootstrapView(db.db, a.id);
      if (v?.status === "succeeded" || v?.status === "failed") break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await hubBootstrapView(db.db, a.id))?.status).toBe("succeeded");
  });
});
