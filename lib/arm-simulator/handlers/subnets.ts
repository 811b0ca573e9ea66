import { childNotFound } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { asObject, asString, clone, json, page, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import {
  TYPES,
  beginDelete,
  ensureIdle,
  getTracked,
  injectedFailure,
  putResponse,
  requireBody,
  setState,
  startOp,
  stateOf,
} from "./common";
import {
  addressPrefixes,
  findNamed,
  inUseError,
  ipConfigIds,
  newSubnet,
  subnetsOf,
  validateSubnets,
} from "./vnet-model";

const SUBNETS = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/virtualnetworks/{vnet}/subnets";
const SUBNET = `${SUBNETS}/{subnet}`;

function getSubnet(ctx: Ctx) {
  const vnet = getTracked(ctx, TYPES.vnet, ctx.params.vnet ?? "");
  const subnet = findNamed(subnetsOf(vnet), ctx.params.subnet ?? "");
  if (!subnet) throw childNotFound(`${vnet.id}/subnets/${ctx.params.subnet}`);
  return json(clone(subnet));
}

function listSubnets(ctx: Ctx) {
  const vnet = getTracked(ctx, TYPES.vnet, ctx.params.vnet ?? "");
  return page(
    ctx,
    `${vnet.id}/subnets`,
    subnetsOf(vnet).map((s) => clone(s)),
  );
}

function putSubnet(ctx: Ctx) {
  const body = requireBody(ctx);
  const vnet = getTracked(ctx, TYPES.vnet, ctx.params.vnet ?? "");
  const name = ctx.params.subnet ?? "";
  ensureIdle(ctx, vnet.id);
  const subnets = subnetsOf(vnet);
  const old = findNamed(subnets, name);
  const next = newSubnet(vnet.id, old ? (asString(old.name) ?? name) : name, body, "Updating");
  const others = subnets.filter((s) => s !== old);
  validateSubnets(asString(vnet.body.name) ?? "", addressPrefixes(vnet), [...others, next]);
  if (old) {
    const ipc = asObject(old.properties).ipConfigurations;
    if (ipc) asObject(next.properties).ipConfigurations = ipc;
    subnets.splice(subnets.indexOf(old), 1, next);
  } else {
    subnets.push(next);
  }
  // A subnet write holds the parent VNet (ARM-REFERENCE §2.4: PutSubnetOperation).
  setState(vnet.body, "Updating");
  const op = startOp(
    ctx,
    { id: vnet.id, location: String(vnet.body.location) },
    "PutSubnetOperation",
    "subnet.put",
    "subnet.create",
    {
      subnet: asString(next.name) ?? name,
    },
  );
  ctx.sim.changed();
  return putResponse(ctx, next, !old, op);
}

function deleteSubnet(ctx: Ctx) {
  const vnet = getTracked(ctx, TYPES.vnet, ctx.params.vnet ?? "");
  const subnet = findNamed(subnetsOf(vnet), ctx.params.subnet ?? "");
  if (!subnet) return { status: 204 };
  if (ipConfigIds(subnet).length > 0) throw inUseError(asString(subnet.name) ?? "", subnet);
  ensureIdle(ctx, vnet.id);
  // The operation holds the parent VNet, as a subnet PUT does.
  setState(vnet.body, "Updating");
  return beginDelete(
    ctx,
    subnet,
    { id: vnet.id, location: String(vnet.body.location) },
    {
      name: "DeleteSubnetOperation",
      effect: "subnet.delete",
      kind: "subnet.delete",
      args: { subnet: asString(subnet.name) ?? "" },
    },
  );
}

export const subnets: ResourceModule = {
  type: TYPES.subnet,
  typeName: "virtualNetworks/subnets",
  api: API_VERSIONS.network,
  routes: [
    { method: "PUT", path: SUBNET, operation: "subnets.createOrUpdate", handler: putSubnet },
    { method: "GET", path: SUBNET, operation: "subnets.get", handler: getSubnet },
    { method: "DELETE", path: SUBNET, operation: "subnets.delete", handler: deleteSubnet },
    { method: "GET", path: SUBNETS, operation: "subnets.list", handler: listSubnets, nameParam: "vnet" },
  ],
  effects: {
    "subnet.put": (sim, op) => {
      const vnet = sim.state.get(op.resourceId);
      if (!vnet) return;
      setState(vnet.body, "Succeeded");
      const subnet = findNamed(subnetsOf(vnet), String(op.args.subnet));
      const failure = injectedFailure(op);
      if (subnet) setState(subnet, failure ? "Failed" : "Succeeded");
      if (failure) throw failure;
    },
    "subnet.delete": (sim, op) => {
      const vnet = sim.state.get(op.resourceId);
      if (!vnet) return;
      setState(vnet.body, "Succeeded");
      const list = subnetsOf(vnet);
      const subnet = findNamed(list, String(op.args.subnet));
      const failure = injectedFailure(op);
      if (failure) {
        if (subnet) setState(subnet, "Succeeded");
        throw failure;
      }
      if (subnet && stateOf(subnet) === "Deleting") list.splice(list.indexOf(subnet), 1);
    },
  },
};
