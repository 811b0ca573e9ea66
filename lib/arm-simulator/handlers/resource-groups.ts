import { badRequest, resourceGroupNotFound } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { asObject, clone, json, page, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import type { SimContext } from "../context";
import type { JsonObject } from "../types";
import { TYPES, normLocation, requireBody, rgId, setState } from "./common";
import { disconnectPeeringsTo } from "./vnet-model";

const RG = "/subscriptions/{sub}/resourcegroups/{rg}";

function validName(name: string): boolean {
  return /^[-\w._()]{1,90}$/.test(name) && !name.endsWith(".");
}

function putRg(ctx: Ctx) {
  const body = requireBody(ctx);
  const name = ctx.params.rg ?? "";
  if (!validName(name))
    throw badRequest(
      "InvalidResourceGroup",
      `The provided resource group name '${name}' has these invalid characters: '${name.replace(/[-\w._()]/g, "")}'. The name can only be a letter, digit, '-', '.', '_', '(', and ')'.`,
    );
  const location = normLocation(body.location);
  const existing = ctx.sim.state.get(rgId(ctx.params.sub ?? "", name));
  if (existing) {
    if (body.tags !== undefined) existing.body.tags = clone(asObject(body.tags));
    ctx.sim.changed();
    return { ...json(clone(existing.body), 200), delayMs: ctx.sim.latency.sampleMs("rg.create") };
  }
  const id = rgId(ctx.params.sub ?? "", name);
  const rec = {
    id,
    type: TYPES.resourceGroup,
    meta: {},
    body: {
      id,
      name,
      type: TYPES.resourceGroup,
      location,
      tags: clone(asObject(body.tags)),
      properties: { provisioningState: "Succeeded" },
    } as JsonObject,
  };
  ctx.sim.state.put(rec);
  ctx.sim.changed();
  return { ...json(clone(rec.body), 201), delayMs: ctx.sim.latency.sampleMs("rg.create") };
}

function getRg(ctx: Ctx) {
  const rec = ctx.sim.state.get(rgId(ctx.params.sub ?? "", ctx.params.rg ?? ""));
  if (!rec) throw resourceGroupNotFound(ctx.params.rg ?? "");
  return json(clone(rec.body));
}

function headRg(ctx: Ctx) {
  return { status: ctx.sim.state.get(rgId(ctx.params.sub ?? "", ctx.params.rg ?? "")) ? 204 : 404 };
}

function listRgs(ctx: Ctx) {
  const items = ctx.sim.state.list(TYPES.resourceGroup, `/subscriptions/${ctx.params.sub}`).map((r) => clone(r.body));
  return page(ctx, `/subscriptions/${ctx.params.sub}/resourcegroups`, items);
}

function deleteRg(ctx: Ctx) {
  const rec = ctx.sim.state.get(rgId(ctx.params.sub ?? "", ctx.params.rg ?? ""));
  if (!rec) throw resourceGroupNotFound(ctx.params.rg ?? "");
  setState(rec.body, "Deleting");
  const op = ctx.sim.ops.start({
    namespace: "Microsoft.Resources",
    location: String(rec.body.location),
    name: "DeleteResourceGroupOperation",
    resourceId: rec.id,
    durationMs: ctx.sim.latency.sampleMs("rg.delete"),
    effect: "rg.delete",
    args: { apiVersion: ctx.apiVersion },
  });
  return { status: 202, headers: { location: ctx.sim.ops.resultUrl(op), "retry-after": "0" } };
}

/** Deleting a group deletes everything in it; peerings pointing at its VNets go Disconnected. */
function cascade(sim: SimContext, rgIdValue: string): void {
  const inside = sim.state.list(undefined, rgIdValue).filter((r) => r.type !== TYPES.resourceGroup);
  for (const r of inside) sim.state.remove(r.id);
  for (const r of inside) if (r.type === TYPES.vnet) disconnectPeeringsTo(sim, r.id);
  sim.state.remove(rgIdValue);
}

export const resourceGroups: ResourceModule = {
  type: TYPES.resourceGroup,
  typeName: "resourceGroups",
  api: API_VERSIONS.resources,
  routes: [
    { method: "PUT", path: RG, operation: "resourceGroups.createOrUpdate", handler: putRg },
    { method: "GET", path: RG, operation: "resourceGroups.get", handler: getRg },
    { method: "HEAD", path: RG, operation: "resourceGroups.checkExistence", handler: headRg },
    { method: "DELETE", path: RG, operation: "resourceGroups.delete", handler: deleteRg },
    {
      method: "GET",
      path: "/subscriptions/{sub}/resourcegroups",
      operation: "resourceGroups.list",
      handler: listRgs,
      nameParam: "sub",
    },
  ],
  effects: { "rg.delete": (sim, op) => cascade(sim, op.resourceId) },
};
