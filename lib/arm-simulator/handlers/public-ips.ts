import { badRequest } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { asObject, asString, clone, json, props, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import {
  TYPES,
  deleteTracked,
  ensureIdle,
  getTracked,
  newGuid,
  newTracked,
  normLocation,
  putResponse,
  refId,
  removeOnDelete,
  settleOnPut,
  requireBody,
  startOp,
  trackedId,
} from "./common";

const PIP = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/publicipaddresses/{pip}";

function putPip(ctx: Ctx) {
  const body = requireBody(ctx);
  const id = trackedId(ctx, TYPES.publicIp, ctx.params.pip ?? "");
  const location = normLocation(body.location);
  const skuName = asString(asObject(body.sku).name) ?? "Standard";
  if (!["Basic", "Standard"].includes(skuName))
    throw badRequest("InvalidRequestFormat", `Cannot parse the request: unknown public IP SKU '${skuName}'.`);
  const inProps = asObject(body.properties);
  const method = skuName === "Standard" ? "Static" : (asString(inProps.publicIPAllocationMethod) ?? "Dynamic");
  if (skuName === "Standard" && asString(inProps.publicIPAllocationMethod) === "Dynamic") {
    throw badRequest(
      "StandardSkuPublicIPAddressesMustBeStatic",
      "Standard sku publicIp /subscriptions/... must have AllocationMethod set to Static.".replace(
        "/subscriptions/...",
        id,
      ),
    );
  }
  const existing = ctx.sim.state.get(id);
  if (existing) ensureIdle(ctx, id);
  const rec = existing
    ? clone(existing)
    : newTracked(id, TYPES.publicIp, location, body.tags, { resourceGuid: newGuid() });
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
  return deleteTracked(ctx, {
    type: TYPES.publicIp,
    name: ctx.params.pip ?? "",
    operation: "DeletePublicIpAddressOperation",
    effect: "pip.delete",
    before: (rec) => {
      const user = refId(asObject(rec.body.properties).ipConfiguration);
      if (user)
        throw badRequest(
          "PublicIPAddressInUse",
          `Public IP address ${trackedId(ctx, TYPES.publicIp, ctx.params.pip ?? "")} can not be deleted since it is still allocated to resource ${user}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.`,
        );
    },
  });
}

export const publicIps: ResourceModule = {
  type: TYPES.publicIp,
  typeName: "publicIPAddresses",
  api: API_VERSIONS.network,
  routes: [
    { method: "PUT", path: PIP, operation: "publicIPAddresses.createOrUpdate", handler: putPip },
    { method: "GET", path: PIP, operation: "publicIPAddresses.get", handler: getPip },
    { method: "DELETE", path: PIP, operation: "publicIPAddresses.delete", handler: deletePip },
  ],
  effects: {
    "pip.put": settleOnPut((sim, rec) => {
      const p = props(rec.body);
      if (!p.ipAddress) {
        sim.state.counters.publicIp += 1;
        const n = sim.state.counters.publicIp;
        p.ipAddress = `20.${100 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
      }
    }),
    "pip.delete": removeOnDelete(),
  },
};
