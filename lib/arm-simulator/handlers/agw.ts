import { API_VERSIONS } from "../api-versions";
import { asArray, asObject, asString, clone, json, page, props, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import type { SimContext } from "../context";
import type { JsonObject, ResourceRecord } from "../types";
import {
  TYPES,
  deleteTracked,
  getTracked,
  newGuid,
  newTracked,
  normLocation,
  putResponse,
  refId,
  removeOnDelete,
  settleOnPut,
  requireBody,
  requireRg,
  startOp,
  trackedId,
} from "./common";
import { validateAgw } from "./agw-validate";
import { addIpConfig, lookupSubnet, removeIpConfigs } from "./vnet-model";
import { backendAddresses, healthEffects, healthRoutes } from "./agw-health";

const AGW = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/applicationgateways/{agw}";

function entries(p: JsonObject, collection: string): JsonObject[] {
  return asArray(p[collection]).map((e) => asObject(e));
}

/** Subnet and public IP back-references follow the gateway's configuration. */
function linkReferences(sim: SimContext, rec: ResourceRecord): void {
  unlinkReferences(sim, rec.id);
  const p = props(rec.body);
  for (const g of entries(p, "gatewayIPConfigurations")) {
    const found = lookupSubnet(sim, refId(asObject(g.properties).subnet));
    if (found) addIpConfig(found.subnet, String(g.id));
  }
  for (const f of entries(p, "frontendIPConfigurations")) {
    const pip = sim.state.get(refId(asObject(f.properties).publicIPAddress) ?? "");
    if (pip) props(pip.body).ipConfiguration = { id: String(f.id) };
  }
}

function unlinkReferences(sim: SimContext, agwId: string): void {
  removeIpConfigs(sim, `${agwId}/`);
  for (const pip of sim.state.list(TYPES.publicIp)) {
    const user = refId(asObject(pip.body.properties).ipConfiguration);
    if (user?.toLowerCase().startsWith(`${agwId.toLowerCase()}/`)) delete props(pip.body).ipConfiguration;
  }
}

function supersede(sim: SimContext, previousId: string, nextId: string): JsonObject {
  const message = `Operation PutApplicationGatewayOperation (${previousId}) was canceled and superseded by operation PutApplicationGatewayOperation (${nextId}).`;
  return { code: "Canceled", message, details: [{ code: "CanceledAndSupersededDueToAnotherOperation", message }] };
}

function putAgw(ctx: Ctx) {
  const body = requireBody(ctx);
  const id = trackedId(ctx, TYPES.agw, ctx.params.agw ?? "");
  const location = normLocation(body.location);
  const properties = validateAgw(ctx.sim, id, body, ctx.apiVersion);
  const existing = ctx.sim.state.get(id);
  const previous = ctx.sim.ops.inFlight(id);
  const rec = existing ? clone(existing) : newTracked(id, TYPES.agw, location, body.tags, {});
  if (body.tags !== undefined) rec.body.tags = clone(asObject(body.tags));
  if (body.zones !== undefined) rec.body.zones = body.zones;
  const old = asObject(rec.body.properties);
  rec.body.properties = {
    ...properties,
    provisioningState: "Updating",
    resourceGuid: asString(old.resourceGuid) ?? newGuid(),
    operationalState: asString(old.operationalState) ?? "Stopped",
  };
  ctx.sim.state.put(rec);
  linkReferences(ctx.sim, rec);
  const op = startOp(
    ctx,
    { id, location },
    "PutApplicationGatewayOperation",
    "agw.put",
    existing ? "agw.update" : "agw.create",
  );
  // Whole-resource PUTs do not merge: a new one cancels the one in flight (ARM-REFERENCE §5).
  if (previous) ctx.sim.ops.cancel(previous, supersede(ctx.sim, previous.id, op.id));
  return putResponse(ctx, rec.body, !existing, op);
}

function getAgw(ctx: Ctx) {
  return json(clone(getTracked(ctx, TYPES.agw, ctx.params.agw ?? "").body));
}

function listAgws(ctx: Ctx) {
  const rg = requireRg(ctx);
  return page(
    ctx,
    `${rg.id}/providers/Microsoft.Network/applicationGateways`,
    ctx.sim.state.list(TYPES.agw, rg.id).map((r) => clone(r.body)),
  );
}

function deleteAgw(ctx: Ctx) {
  return deleteTracked(ctx, {
    type: TYPES.agw,
    name: ctx.params.agw ?? "",
    operation: "DeleteApplicationGatewayOperation",
    effect: "agw.delete",
  });
}

export const applicationGateways: ResourceModule = {
  type: TYPES.agw,
  typeName: "applicationGateways",
  api: API_VERSIONS.network,
  routes: [
    { method: "PUT", path: AGW, operation: "applicationGateways.createOrUpdate", handler: putAgw },
    { method: "GET", path: AGW, operation: "applicationGateways.get", handler: getAgw },
    { method: "DELETE", path: AGW, operation: "applicationGateways.delete", handler: deleteAgw },
    {
      method: "GET",
      path: "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/applicationgateways",
      operation: "applicationGateways.list",
      handler: listAgws,
      nameParam: "rg",
    },
    ...healthRoutes,
  ],
  effects: {
    "agw.put": settleOnPut((_sim, rec) => {
      props(rec.body).operationalState = "Running";
      // Remember when each backend address first went live, for probe timing in backend health.
      const since = asObject(rec.meta.backendSince);
      const live: JsonObject = {};
      for (const address of backendAddresses(rec))
        live[address] = typeof since[address] === "number" ? since[address] : Date.now();
      rec.meta.backendSince = live;
    }),
    "agw.delete": removeOnDelete((sim, rec) => unlinkReferences(sim, rec.id)),
    ...healthEffects,
  },
};
