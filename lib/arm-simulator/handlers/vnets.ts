import { API_VERSIONS } from "../api-versions";
import { asArray, asObject, asString, clone, json, page, props, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import {
  TYPES,
  deleteTracked,
  ensureIdle,
  injectedFailure,
  newGuid,
  newTracked,
  normLocation,
  putResponse,
  removeOnDelete,
  requireBody,
  requireRg,
  setState,
  startOp,
  stateOf,
  trackedId,
  getTracked,
} from "./common";
import { renderVnet } from "./peerings";
import {
  disconnectPeeringsTo,
  findNamed,
  inUseError,
  ipConfigIds,
  newSubnet,
  subnetsOf,
  validatePrefixes,
  validateSubnets,
} from "./vnet-model";

const VNET = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/virtualnetworks/{vnet}";

function putVnet(ctx: Ctx) {
  const body = requireBody(ctx);
  const id = trackedId(ctx, TYPES.vnet, ctx.params.vnet ?? "");
  const location = normLocation(body.location);
  const inProps = asObject(body.properties);
  const space = validatePrefixes(asObject(inProps.addressSpace).addressPrefixes);
  const wanted = asArray(inProps.subnets).map((s) => asObject(s));
  validateSubnets(ctx.params.vnet ?? "", space, wanted);
  const existing = ctx.sim.state.get(id);
  if (existing) ensureIdle(ctx, id);
  const rec = existing ? clone(existing) : newTracked(id, TYPES.vnet, location, body.tags, { resourceGuid: newGuid() });
  const oldSubnets = existing ? subnetsOf(existing) : [];
  for (const old of oldSubnets) {
    const name = asString(old.name) ?? "";
    if (!findNamed(wanted, name) && ipConfigIds(old).length > 0) throw inUseError(name, old);
  }
  // A VNet PUT replaces the subnet array (ARM-REFERENCE §9.5); peerings are a separate collection.
  const subnets = wanted.map((s) => {
    const name = asString(s.name) ?? "";
    const old = findNamed(oldSubnets, name);
    const next = newSubnet(id, name, s, "Updating");
    if (old) {
      if (old.etag !== undefined) next.etag = old.etag;
      const ipc = asObject(old.properties).ipConfigurations;
      if (ipc) props(next).ipConfigurations = ipc;
    }
    return next;
  });
  if (body.tags !== undefined) rec.body.tags = clone(asObject(body.tags));
  const p = props(rec.body);
  p.addressSpace = { addressPrefixes: space };
  p.subnets = subnets;
  p.virtualNetworkPeerings = existing ? clone(asArray(props(existing.body).virtualNetworkPeerings)) : [];
  p.enableDdosProtection = inProps.enableDdosProtection === true;
  if (inProps.dhcpOptions !== undefined) p.dhcpOptions = inProps.dhcpOptions;
  p.privateEndpointVNetPolicies = "Disabled";
  p.provisioningState = "Updating";
  if (existing) rec.meta.previousState = stateOf(existing.body) ?? "Succeeded";
  ctx.sim.state.put(rec);
  const op = startOp(
    ctx,
    { id, location },
    "PutVirtualNetworkOperation",
    "vnet.put",
    existing ? "vnet.update" : "vnet.create",
  );
  return putResponse(ctx, renderVnet(ctx.sim, rec), !existing, op);
}

function getVnet(ctx: Ctx) {
  return json(renderVnet(ctx.sim, getTracked(ctx, TYPES.vnet, ctx.params.vnet ?? "")));
}

function listVnets(ctx: Ctx) {
  const rg = requireRg(ctx);
  const items = ctx.sim.state.list(TYPES.vnet, rg.id).map((r) => renderVnet(ctx.sim, r));
  return page(
    ctx,
    `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/Microsoft.Network/virtualNetworks`,
    items,
  );
}

function listAllVnets(ctx: Ctx) {
  const items = ctx.sim.state.list(TYPES.vnet, `/subscriptions/${ctx.params.sub}`).map((r) => renderVnet(ctx.sim, r));
  return page(ctx, `/subscriptions/${ctx.params.sub}/providers/Microsoft.Network/virtualNetworks`, items);
}

function deleteVnet(ctx: Ctx) {
  return deleteTracked(ctx, {
    type: TYPES.vnet,
    name: ctx.params.vnet ?? "",
    operation: "DeleteVirtualNetworkOperation",
    effect: "vnet.delete",
    before: (rec) => {
      for (const subnet of subnetsOf(rec)) {
        if (ipConfigIds(subnet).length > 0) throw inUseError(asString(subnet.name) ?? "", subnet);
      }
    },
  });
}

export const vnets: ResourceModule = {
  type: TYPES.vnet,
  typeName: "virtualNetworks",
  api: API_VERSIONS.network,
  routes: [
    { method: "PUT", path: VNET, operation: "virtualNetworks.createOrUpdate", handler: putVnet },
    { method: "GET", path: VNET, operation: "virtualNetworks.get", handler: getVnet },
    { method: "DELETE", path: VNET, operation: "virtualNetworks.delete", handler: deleteVnet },
    {
      method: "GET",
      path: "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/virtualnetworks",
      operation: "virtualNetworks.list",
      handler: listVnets,
      nameParam: "rg",
    },
    {
      method: "GET",
      path: "/subscriptions/{sub}/providers/microsoft.network/virtualnetworks",
      operation: "virtualNetworks.listAll",
      handler: listAllVnets,
      nameParam: "sub",
    },
  ],
  effects: {
    "vnet.put": (sim, op) => {
      const rec = sim.state.get(op.resourceId);
      if (!rec) return;
      const failure = injectedFailure(op);
      if (failure) {
        setState(rec.body, "Failed");
        throw failure;
      }
      setState(rec.body, "Succeeded");
      for (const s of subnetsOf(rec)) setState(s, "Succeeded");
    },
    // Deleting a VNet removes its own peerings and leaves the remote sides Disconnected.
    "vnet.delete": removeOnDelete((sim, rec) => disconnectPeeringsTo(sim, rec.id)),
  },
};
