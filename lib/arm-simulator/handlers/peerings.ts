import { anyOverlap } from "../cidr";
import { badRequest, childNotFound, invalidReference as invalidRef } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { asArray, asObject, asString, clone, json, page, props, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import type { SimContext } from "../context";
import type { JsonObject, ResourceRecord } from "../types";
import {
  TYPES,
  beginDelete,
  ensureIdle,
  getTracked,
  injectedFailure,
  newEtag,
  newGuid,
  putResponse,
  refId,
  requireBody,
  setState,
  startOp,
  stateOf,
} from "./common";
import { addressPrefixes, findNamed, peeringsOf } from "./vnet-model";

const PEERINGS =
  "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/virtualnetworks/{vnet}/virtualnetworkpeerings";
const PEERING = `${PEERINGS}/{peering}`;

function remoteOf(peering: JsonObject): string | undefined {
  return refId(asObject(peering.properties).remoteVirtualNetwork);
}

/** The peering on `remote` that points back at `local`, if any. */
export function reversePeering(remote: ResourceRecord, localId: string): JsonObject | undefined {
  return peeringsOf(remote).find((p) => remoteOf(p)?.toLowerCase() === localId.toLowerCase());
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** peeringSyncLevel and the remote's current space are derived at read time (ARM-REFERENCE §4). */
export function renderPeering(sim: SimContext, local: ResourceRecord, peering: JsonObject): JsonObject {
  const out = clone(peering);
  const p = props(out);
  const remote = sim.state.get(remoteOf(peering) ?? "");
  if (remote) p.remoteVirtualNetworkAddressSpace = { addressPrefixes: addressPrefixes(remote) };
  let level = "FullyInSync";
  if (remote && p.peeringState === "Connected") {
    const back = reversePeering(remote, local.id);
    const known = (x: JsonObject | undefined) =>
      asArray(asObject(asObject(x?.properties).remoteAddressSpace).addressPrefixes).filter(
        (a): a is string => typeof a === "string",
      );
    const remoteOk = sameList(known(peering), addressPrefixes(remote));
    const localOk = !back || sameList(known(back), addressPrefixes(local));
    level =
      localOk && remoteOk
        ? "FullyInSync"
        : !localOk && !remoteOk
          ? "LocalAndRemoteNotInSync"
          : !localOk
            ? "LocalNotInSync"
            : "RemoteNotInSync";
  }
  p.peeringSyncLevel = level;
  return out;
}

export function renderVnet(sim: SimContext, vnet: ResourceRecord): JsonObject {
  const body = clone(vnet.body);
  props(body).virtualNetworkPeerings = peeringsOf(vnet).map((p) => renderPeering(sim, vnet, p));
  return body;
}

function getPeering(ctx: Ctx) {
  const vnet = getTracked(ctx, TYPES.vnet, ctx.params.vnet ?? "");
  const peering = findNamed(peeringsOf(vnet), ctx.params.peering ?? "");
  if (!peering) throw childNotFound(`${vnet.id}/virtualNetworkPeerings/${ctx.params.peering}`);
  return json(renderPeering(ctx.sim, vnet, peering));
}

function listPeerings(ctx: Ctx) {
  const vnet = getTracked(ctx, TYPES.vnet, ctx.params.vnet ?? "");
  return page(
    ctx,
    `${vnet.id}/virtualNetworkPeerings`,
    peeringsOf(vnet).map((p) => renderPeering(ctx.sim, vnet, p)),
  );
}

function notProvisioned(vnet: ResourceRecord, peeringId: string, sim: SimContext) {
  const op = sim.ops.inFlight(vnet.id);
  return badRequest(
    "ReferencedResourceNotProvisioned",
    `Cannot proceed with operation because resource ${vnet.id} used by resource ${peeringId} is not in Succeeded state. Resource is in ${stateOf(vnet.body) ?? "Updating"} state and the last operation that updated/is updating the resource is ${op?.name ?? "PutVirtualNetworkOperation"}.`,
  );
}

/** Every synchronous check NRP makes on a peering PUT (ARM-REFERENCE §3.2, §4). */
function validatePeering(
  ctx: Ctx,
  local: ResourceRecord,
  peeringId: string,
  body: JsonObject,
  old: JsonObject | undefined,
) {
  const inProps = asObject(body.properties);
  const remoteId = refId(inProps.remoteVirtualNetwork);
  if (!remoteId)
    throw badRequest("InvalidRequestFormat", "Cannot parse the request: remoteVirtualNetwork.id is required.");
  const remote = ctx.sim.state.get(remoteId);
  if (!remote || remote.type !== TYPES.vnet) throw invalidRef(remoteId, peeringId);
  if (old && remoteOf(old)?.toLowerCase() !== remote.id.toLowerCase()) {
    throw badRequest(
      "ChangingRemoteVirtualNetworkNotAllowed",
      `Cannot change remote virtual network for peering ${peeringId}.`,
    );
  }
  for (const v of [local, remote]) if (stateOf(v.body) !== "Succeeded") throw notProvisioned(v, peeringId, ctx.sim);
  const overlap = anyOverlap(addressPrefixes(local), addressPrefixes(remote));
  if (overlap.length > 0) {
    throw badRequest(
      "VnetAddressSpacesOverlap",
      `Cannot create or update peering ${peeringId}. Virtual networks ${local.id} and ${remote.id} cannot be peered because their address spaces overlap. Overlapping address prefixes: ${overlap.join(", ")}`,
    );
  }
  for (const [a, b] of [
    [local, remote],
    [remote, local],
  ] as const) {
    for (const other of peeringsOf(b)) {
      const otherId = remoteOf(other);
      if (!otherId || otherId.toLowerCase() === a.id.toLowerCase()) continue;
      const third = ctx.sim.state.get(otherId);
      const hits = third ? anyOverlap(addressPrefixes(a), addressPrefixes(third)) : [];
      if (hits.length > 0) {
        throw badRequest(
          "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet",
          `Cannot create or update peering ${peeringId}. Virtual networks ${local.id} and ${remote.id} cannot be peered because address space of the first virtual network overlaps with address space of virtual network ${otherId} already peered with the second virtual network. Overlapping address prefixes: ${hits.join(", ")}. For more information please refer to https://aka.ms/VnetPeeringInfo`,
        );
      }
    }
  }
  if (inProps.useRemoteGateways === true) {
    throw badRequest(
      "RemoteVnetHasNoGateways",
      `Peering ${peeringId} cannot have UseRemoteGateway flag set to true because remote virtual network ${remote.id} referenced by the peering does not have any gateways.`,
    );
  }
  const back = reversePeering(remote, local.id);
  if (back && asObject(back.properties).peeringState === "Disconnected") {
    throw badRequest(
      "RemotePeeringIsDisconnected",
      `Cannot create or update peering ${peeringId} because remote peering ${String(back.id)} referencing parent virtual network ${local.id} is in Disconnected state. Update or re-create the remote peering to get it back to Initiated state. Peering gets Disconnected when remote vnet or remote peering is deleted and re-created.`,
    );
  }
  return remote;
}

function putPeering(ctx: Ctx) {
  const body = requireBody(ctx);
  const vnet = getTracked(ctx, TYPES.vnet, ctx.params.vnet ?? "");
  const list = peeringsOf(vnet);
  const old = findNamed(list, ctx.params.peering ?? "");
  const name = old ? String(old.name) : (ctx.params.peering ?? "");
  const id = `${vnet.id}/virtualNetworkPeerings/${name}`;
  if (old) ensureIdle(ctx, id);
  const remote = validatePeering(ctx, vnet, id, body, old);
  const inProps = asObject(body.properties);
  const oldProps = old ? asObject(old.properties) : {};
  const sync = (ctx.query.syncremoteaddressspace ?? "").toLowerCase() === "true";
  const properties: JsonObject = {
    provisioningState: "Updating",
    resourceGuid: asString(oldProps.resourceGuid) ?? newGuid(),
    peeringState: oldProps.peeringState === "Connected" ? "Connected" : "Initiated",
    allowVirtualNetworkAccess: inProps.allowVirtualNetworkAccess !== false,
    allowForwardedTraffic: inProps.allowForwardedTraffic === true,
    allowGatewayTransit: inProps.allowGatewayTransit === true,
    useRemoteGateways: false,
    doNotVerifyRemoteGateways: inProps.doNotVerifyRemoteGateways === true,
    remoteVirtualNetwork: { id: remote.id },
    remoteAddressSpace:
      old && !sync ? clone(asObject(oldProps.remoteAddressSpace)) : { addressPrefixes: addressPrefixes(remote) },
    remoteVirtualNetworkAddressSpace: { addressPrefixes: addressPrefixes(remote) },
  };
  const next: JsonObject = { name, id, etag: newEtag(), type: TYPES.peering, properties };
  if (old) list.splice(list.indexOf(old), 1, next);
  else list.push(next);
  // The operation holds the peering, not the VNet (concurrent peerings on one hub are normal).
  const op = startOp(
    ctx,
    { id, location: String(vnet.body.location) },
    "PutVirtualNetworkPeeringOperation",
    "peering.put",
    "peering.create",
  );
  ctx.sim.changed();
  return putResponse(ctx, renderPeering(ctx.sim, vnet, next), !old, op);
}

function deletePeering(ctx: Ctx) {
  const vnet = getTracked(ctx, TYPES.vnet, ctx.params.vnet ?? "");
  const peering = findNamed(peeringsOf(vnet), ctx.params.peering ?? "");
  if (!peering) return { status: 204 };
  return beginDelete(
    ctx,
    peering,
    { id: String(peering.id), location: String(vnet.body.location) },
    {
      name: "DeleteVirtualNetworkPeeringOperation",
      effect: "peering.delete",
      kind: "peering.delete",
    },
  );
}

function locate(sim: SimContext, peeringId: string): { vnet: ResourceRecord; peering: JsonObject } | undefined {
  const m = /^(.*)\/virtualNetworkPeerings\/([^/]+)$/i.exec(peeringId);
  const vnet = m ? sim.state.get(m[1] ?? "") : undefined;
  const peering = vnet ? findNamed(peeringsOf(vnet), m?.[2] ?? "") : undefined;
  return vnet && peering ? { vnet, peering } : undefined;
}

const T = "virtualNetworks/virtualNetworkPeerings";
export const peerings: ResourceModule = {
  type: TYPES.peering,
  typeName: T,
  api: API_VERSIONS.network,
  routes: [
    { method: "PUT", path: PEERING, operation: "virtualNetworkPeerings.createOrUpdate", handler: putPeering },
    { method: "GET", path: PEERING, operation: "virtualNetworkPeerings.get", handler: getPeering },
    { method: "DELETE", path: PEERING, operation: "virtualNetworkPeerings.delete", handler: deletePeering },
    {
      method: "GET",
      path: PEERINGS,
      operation: "virtualNetworkPeerings.list",
      handler: listPeerings,
      nameParam: "vnet",
    },
  ],
  effects: {
    "peering.put": (sim, op) => {
      const found = locate(sim, op.resourceId);
      if (!found) return;
      const failure = injectedFailure(op);
      if (failure) {
        setState(found.peering, "Failed");
        throw failure;
      }
      setState(found.peering, "Succeeded");
      const remote = sim.state.get(remoteOf(found.peering) ?? "");
      const back = remote ? reversePeering(remote, found.vnet.id) : undefined;
      const backState = back ? asObject(back.properties).peeringState : undefined;
      const connected = backState === "Initiated" || backState === "Connected";
      props(found.peering).peeringState = connected ? "Connected" : "Initiated";
      if (back && connected) props(back).peeringState = "Connected";
    },
    "peering.delete": (sim, op) => {
      const found = locate(sim, op.resourceId);
      if (!found) return;
      const list = peeringsOf(found.vnet);
      list.splice(list.indexOf(found.peering), 1);
      const remote = sim.state.get(remoteOf(found.peering) ?? "");
      const back = remote ? reversePeering(remote, found.vnet.id) : undefined;
      if (back) props(back).peeringState = "Disconnected";
    },
  },
};
