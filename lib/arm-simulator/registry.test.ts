import { readdirSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startArmSimulator, RESOURCE_MODULES, type ArmSimulator } from "./index";
// The README's worked example ("Adding a resource type"), verbatim but for the import paths.
import { API_VERSIONS } from "./api-versions";
import { clone, json, type Ctx } from "./http";
import type { ResourceModule } from "./module";
import {
  deleteTracked,
  getTracked,
  injectedFailure,
  newGuid,
  newTracked,
  normLocation,
  putResponse,
  removeOnDelete,
  requireBody,
  setState,
  startOp,
  trackedId,
} from "./handlers/common";

const TYPE = "Microsoft.Network/routeTables";
const PATH = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/routetables/{rt}";

function putRouteTable(ctx: Ctx) {
  const body = requireBody(ctx);
  const id = trackedId(ctx, TYPE, ctx.params.rt ?? "");
  const location = normLocation(body.location);
  const existing = ctx.sim.state.get(id);
  const rec = existing ? clone(existing) : newTracked(id, TYPE, location, body.tags, { resourceGuid: newGuid() });
  setState(rec.body, "Updating");
  ctx.sim.state.put(rec);
  const op = startOp(ctx, { id, location }, "PutRouteTableOperation", "routeTable.put", "routeTable.create");
  return putResponse(ctx, rec.body, !existing, op);
}

export const routeTables: ResourceModule = {
  type: TYPE,
  typeName: "routeTables",
  api: API_VERSIONS.network,
  routes: [
    { method: "PUT", path: PATH, operation: "routeTables.createOrUpdate", handler: putRouteTable },
    {
      method: "GET",
      path: PATH,
      operation: "routeTables.get",
      handler: (ctx) => json(clone(getTracked(ctx, TYPE, ctx.params.rt ?? "").body)),
    },
    {
      method: "DELETE",
      path: PATH,
      operation: "routeTables.delete",
      handler: (ctx) =>
        deleteTracked(ctx, {
          type: TYPE,
          name: ctx.params.rt ?? "",
          operation: "DeleteRouteTableOperation",
          effect: "routeTable.delete",
        }),
    },
  ],
  effects: {
    "routeTable.put": (sim, op) => {
      const rec = sim.state.get(op.resourceId);
      const failure = injectedFailure(op);
      if (rec) setState(rec.body, failure ? "Failed" : "Succeeded");
      if (failure) throw failure;
    },
    "routeTable.delete": removeOnDelete(),
  },
  latencies: { "routeTable.create": { typical: 5, slow: 30 }, "routeTable.delete": { typical: 5, slow: 30 } },
};

function call(
  sim: ArmSimulator,
  method: string,
  path: string,
  body?: object,
): Promise<{ status: number; json: { properties?: { provisioningState?: string }; error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: sim.port,
        path,
        method,
        ca: sim.caPem,
        headers: { "content-type": "application/json", authorization: "Bearer test" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : {} });
        });
      },
    );
    req.on("error", reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const RT =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub-rg/providers/Microsoft.Network/routeTables/rt-1";
const HANDLERS = join(dirname(fileURLToPath(import.meta.url)), "handlers");

describe("the registry", () => {
  let sim: ArmSimulator;
  beforeAll(async () => {
    sim = await startArmSimulator({ modules: [...RESOURCE_MODULES, routeTables], profile: "fast", timeScale: 1 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it("serves a new resource type from one module plus one entry in the module list", async () => {
    expect((await call(sim, "GET", `${RT}?api-version=2024-05-01`)).json.error?.code).toBe("ResourceNotFound");
    const put = await call(sim, "PUT", `${RT}?api-version=2024-05-01`, { location: "eastus" });
    expect(put.status).toBe(201);
    expect(put.json.properties?.provisioningState).toBe("Updating");
    await new Promise((r) => setTimeout(r, 60)); // fast profile: 5 s of Azure time ÷ 1000
    expect((await call(sim, "GET", `${RT}?api-version=2024-05-01`)).json.properties?.provisioningState).toBe(
      "Succeeded",
    );
    expect(sim.inventory().resources.map((r) => r.type)).toContain("Microsoft.Network/routeTables");
    expect((await call(sim, "GET", `${RT}?api-version=2099-01-01`)).json.error?.code).toBe("NoRegisteredProviderFound");
    expect((await call(sim, "DELETE", `${RT}?api-version=2024-05-01`)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 60));
    expect((await call(sim, "GET", `${RT}?api-version=2024-05-01`)).status).toBe(404);
    expect(sim.requests().byOperation["routeTables.createOrUpdate"]).toBe(1);
  });

  it("lists every resource module the handlers define, and no two routes overlap", async () => {
    const declared: { file: string; name: string }[] = [];
    for (const file of readdirSync(HANDLERS).filter((f) => f.endsWith(".ts"))) {
      for (const m of readFileSync(join(HANDLERS, file), "utf8").matchAll(/export const (\w+): ResourceModule\b/g))
        declared.push({ file, name: m[1] ?? "" });
    }
    expect(declared.length).toBeGreaterThanOrEqual(13);
    for (const { file, name } of declared) {
      const mod = (await import(`./handlers/${file.replace(/\.ts$/, "")}`)) as Record<string, unknown>;
      expect(RESOURCE_MODULES, `${name} (${file})`).toContain(mod[name]);
    }
    const routes = RESOURCE_MODULES.flatMap((m) => m.routes);
    expect(new Set(routes.map((r) => `${r.method} ${r.path}`)).size).toBe(routes.length);
  });
});
