import { badRequest } from "../errors";
import { asObject, asString, clone, json, props, type Ctx, type Route } from "../http";
import type { Operations } from "../lro";
import {
  TYPES, deleteResponse, ensureIdle, getTracked, injectedFailure, newGuid, newTracked, normLocation, putResponse,
  refId, requireBody, setState, startOp, stateOf, trackedId,
} from "./common";

const PIP = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/publicipaddresses/{pip}";

function putPip(ctx: Ctx) {
  const body = requireBody(ctx);
  const id = trackedId(ctx, TYPES.publicIp, ctx.params.pip ?? "");
  const location = normLocation(body.location);
  const skuName = asString(asObject(body.sku).name) ?? "Standard";
  if (!["Basic", "Standard"].includes(skuName)) throw badRequest("InvalidRequestFormat", `Cannot parse the request: unknown public IP SKU '${skuName}'.`);
  const inProps = asObject(body.properties);
  const method = skuName === "Standard" ? "Static" : (asString(inProps.publicIPAllocationMethod) ?? "Dynamic");
  if (skuName === "Standard" && asString(inProps.publicIPAllocationMethod) === "Dynamic") {
    throw badRequest("StandardSkuPublicIPAddressesMustBeStatic", "Standard sku publicIp /subscriptions/... must have AllocationMethod set to Static.".replace("/subscriptions/...", id));
  }
  const existing = ctx.sim.state.get(id);
  if (existing) ensureIdle(ctx, id);
  const rec = existing ? clone(existing) : newTracked(id, TYPES.publicIp, location, body.tags, { resourceGuid: newGuid() });
  if (body.tags !== undefined) rec.body.tags = clone(asObject(body.tags));
  rec.body.sku = { name: skuName, tier: "Regional" };
  Object.assign(props(rec.body), {
    provisioningState: "Updating",
    publicIPAddressVersion: asString(inProps.publicIPAddressVersion) ?? "IPv4",
    publicIPAllocationMethod: method,
    idleTimeoutInMinutes: typeof inProps.idleTimeoutInMinutes === "number" ? inProps.idleTimeoutInMinutes : 4,
    ipTags: [],
    ddosSettings: { protectionMode: "VirtualNetworkInherited" },
  });
  ctx.sim.state.put(rec);
  const op = startOp(ctx, { id, location }, "PutPublicIpAddressOperation", "pip.put", "pip.create");
  return putResponse(ctx, rec.body, !existing, op);
}

function getPip(ctx: Ctx) {
  return json(clone(getTracked(ctx, TYPES.publicIp, ctx.params.pip ?? "").body));
}

function deletePip(ctx: Ctx) {
  const id = trackedId(ctx, TYPES.publicIp, ctx.params.pip ?? "");
  const rec = ctx.sim.state.get(id);
  if (!rec) return { status: 204 };
  const user = refId(asObject(rec.body.properties).ipConfiguration);
  if (user) throw badRequest("PublicIPAddressInUse", `Public IP address ${id} can not be deleted since it is still allocated to resource ${user}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.`);
  ensureIdle(ctx, id);
  setState(rec.body, "Deleting");
  const op = startOp(ctx, { id, location: String(rec.body.location) }, "DeletePublicIpAddressOperation", "pip.delete", "pip.delete");
  ctx.sim.changed();
  return deleteResponse(ctx, op);
}

export function registerPipEffects(ops: Operations): void {
  ops.register("pip.put", (sim, op) => {
    const rec = sim.state.get(op.resourceId);
    if (!rec) return;
    const failure = injectedFailure(op);
    setState(rec.body, failure ? "Failed" : "Succeeded");
    if (failure) throw failure;
    const p = props(rec.body);
    if (!p.ipAddress) {
      sim.state.counters.publicIp += 1;
      const n = sim.state.counters.publicIp;
      p.ipAddress = `20.${100 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
    }
  });
  ops.register("pip.delete", (sim, op) => {
    const rec = sim.state.get(op.resourceId);
    if (rec && stateOf(rec.body) === "Deleting") sim.state.remove(rec.id);
  });
}

const T = "publicIPAddresses";
export const pipRoutes: Route[] = [
  { method: "PUT", path: PIP, operation: "publicIPAddresses.createOrUpdate", api: "network", typeName: T, handler: putPip },
  { method: "GET", path: PIP, operation: "publicIPAddresses.get", api: "network", typeName: T, handler: getPip },
  { method: "DELETE", path: PIP, operation: "publicIPAddresses.delete", api: "network", typeName: T, handler: deletePip },
];
