import { ArmError, anotherOperation, badRequest, resourceGroupNotFound, resourceNotFound } from "../errors";
import { TYPES, newEtag, newGuid, resourceId, rgId } from "../ids";
import { asObject, clone, json, props, type Ctx, type HttpResult } from "../http";
import type { SimContext } from "../context";
import type { OpKind } from "../latency";
import type { OperationRecord } from "../store";
import type { Json, JsonObject, ResourceRecord } from "../types";

export const LOCATIONS = [
  "eastus",
  "eastus2",
  "westus",
  "westus2",
  "westus3",
  "centralus",
  "northcentralus",
  "southcentralus",
  "westcentralus",
  "canadacentral",
  "canadaeast",
  "brazilsouth",
  "northeurope",
  "westeurope",
  "uksouth",
  "ukwest",
  "francecentral",
  "germanywestcentral",
  "switzerlandnorth",
  "norwayeast",
  "swedencentral",
  "polandcentral",
  "italynorth",
  "spaincentral",
  "eastasia",
  "southeastasia",
  "japaneast",
  "japanwest",
  "australiaeast",
  "australiasoutheast",
  "centralindia",
  "southindia",
  "koreacentral",
  "uaenorth",
  "southafricanorth",
  "qatarcentral",
  "israelcentral",
  "mexicocentral",
];

/** ARM accepts display names ("West US") and normalises them. */
export function normLocation(value: Json | undefined): string {
  if (typeof value !== "string" || !value.trim()) {
    throw badRequest("LocationRequired", "The location property is required for this definition.");
  }
  const loc = value.replace(/\s+/g, "").toLowerCase();
  if (!LOCATIONS.includes(loc)) {
    throw badRequest(
      "LocationNotAvailableForResourceType",
      `The provided location '${value}' is not available for resource type. List of available regions is '${LOCATIONS.join(",")}'.`,
    );
  }
  return loc;
}

export function requireBody(ctx: Ctx): JsonObject {
  if (!ctx.body)
    throw badRequest(
      "InvalidRequestContent",
      "The request content was invalid and could not be deserialized: 'Missing request body'.",
    );
  return ctx.body;
}

export function requireRg(ctx: Ctx): ResourceRecord {
  const rg = ctx.params.rg ?? "";
  const rec = ctx.sim.state.get(rgId(ctx.params.sub ?? "", rg));
  if (!rec) throw resourceGroupNotFound(rg);
  return rec;
}

/** Canonical id of a tracked resource named by the path (RG keeps its stored case). */
export function trackedId(ctx: Ctx, type: string, name: string): string {
  const rg = requireRg(ctx);
  return `${rg.id}/providers/${type}/${name}`;
}

export function findTracked(sim: SimContext, id: string | undefined): ResourceRecord | undefined {
  return id ? sim.state.get(id) : undefined;
}

export function getTracked(ctx: Ctx, type: string, name: string): ResourceRecord {
  const rec = ctx.sim.state.get(trackedId(ctx, type, name));
  if (!rec) throw resourceNotFound(type, name, ctx.params.rg ?? "");
  return rec;
}

export function newTracked(
  id: string,
  type: string,
  location: string,
  tags: Json | undefined,
  properties: JsonObject,
): ResourceRecord {
  const name = id.split("/").pop() ?? "";
  const body: JsonObject = { name, id, etag: newEtag(), type, location, tags: clone(asObject(tags)), properties };
  return { id, type, body, meta: {} };
}

export function setState(obj: JsonObject, state: string): void {
  props(obj).provisioningState = state;
}

export function stateOf(obj: JsonObject | undefined): string | undefined {
  const p = obj ? asObject(obj.properties) : {};
  return typeof p.provisioningState === "string" ? p.provisioningState : undefined;
}

/** NRP answers a write on a resource another operation holds with 429 RetryableError. */
export function ensureIdle(ctx: Ctx, id: string): void {
  const op = ctx.sim.ops.inFlight(id);
  if (op) throw anotherOperation(id, op.name, op.id, Math.max(1, op.dueAt - Date.now()));
}

export function startOp(
  ctx: Ctx,
  rec: { id: string; location: string },
  name: string,
  effect: string,
  kind: OpKind | (string & {}),
  args: JsonObject = {},
): OperationRecord {
  const namespace = rec.id.includes("/Microsoft.Compute/") ? "Microsoft.Compute" : "Microsoft.Network";
  return ctx.sim.ops.start({
    namespace,
    location: rec.location,
    name,
    resourceId: rec.id,
    durationMs: ctx.sim.latency.sampleMs(kind),
    effect,
    args: { ...args, apiVersion: ctx.apiVersion, ...(ctx.asyncFailure ? { failWith: ctx.asyncFailure } : {}) },
  });
}

export function putResponse(ctx: Ctx, body: JsonObject, created: boolean, op: OperationRecord): HttpResult {
  return json(clone(body), created ? 201 : 200, ctx.sim.ops.headers(op, "put"));
}

export function deleteResponse(ctx: Ctx, op: OperationRecord): HttpResult {
  return { status: 202, headers: ctx.sim.ops.headers(op, "delete") };
}

/**
 * The delete skeleton every resource shares: mark the target Deleting, start the delete LRO and
 * answer 202 with its headers (ARM-REFERENCE §2). `target` is the body whose provisioningState
 * changes (a tracked resource's, or a child's inside its parent); `holder` is what the operation
 * holds (id and location).
 */
export function beginDelete(
  ctx: Ctx,
  target: JsonObject,
  holder: { id: string; location: string },
  operation: { name: string; effect: string; kind: OpKind | (string & {}); args?: JsonObject },
): HttpResult {
  setState(target, "Deleting");
  const op = startOp(ctx, holder, operation.name, operation.effect, operation.kind, operation.args);
  ctx.sim.changed();
  return deleteResponse(ctx, op);
}

export interface TrackedDelete {
  type: string;
  name: string;
  /** e.g. "DeleteVirtualNetworkOperation". */
  operation: string;
  /** Effect name; also the latency kind unless `kind` says otherwise. */
  effect: string;
  kind?: OpKind | (string & {});
  /** Synchronous refusals (resource in use, …) or preparations, before the delete starts. */
  before?: (rec: ResourceRecord) => void;
  /** NRP refuses a delete while another operation holds the resource (429 RetryableError). Default true. */
  waitIdle?: boolean;
}

/** DELETE of a tracked (top-level) resource: 204 when absent, else the shared delete LRO. */
export function deleteTracked(ctx: Ctx, spec: TrackedDelete): HttpResult {
  const id = trackedId(ctx, spec.type, spec.name);
  const rec = ctx.sim.state.get(id);
  if (!rec) return { status: 204 };
  spec.before?.(rec);
  if (spec.waitIdle !== false) ensureIdle(ctx, id);
  return beginDelete(
    ctx,
    rec.body,
    { id, location: String(rec.body.location) },
    { name: spec.operation, effect: spec.effect, kind: spec.kind ?? spec.effect },
  );
}

/**
 * The completion effect of a PUT whose resource needs nothing else to settle: provisioningState
 * Succeeded (then `after` finishes it), or, with an injected asynchronous failure, Failed and the
 * operation ends Failed.
 */
export function settleOnPut(after?: (sim: SimContext, rec: ResourceRecord) => void) {
  return (sim: SimContext, op: OperationRecord): void => {
    const rec = sim.state.get(op.resourceId);
    if (!rec) return;
    const failure = injectedFailure(op);
    setState(rec.body, failure ? "Failed" : "Succeeded");
    if (failure) throw failure;
    after?.(sim, rec);
  };
}

/**
 * The matching completion effect: the resource goes (then `after` tidies references), or, with
 * an injected asynchronous failure, stays Succeeded and the operation ends Failed.
 */
export function removeOnDelete(after?: (sim: SimContext, rec: ResourceRecord) => void) {
  return (sim: SimContext, op: OperationRecord): void => {
    const rec = sim.state.get(op.resourceId);
    if (!rec || stateOf(rec.body) !== "Deleting") return;
    const failure = injectedFailure(op);
    if (failure) {
      setState(rec.body, "Succeeded");
      throw failure;
    }
    sim.state.remove(rec.id);
    after?.(sim, rec);
  };
}

/** Injected asynchronous failure: the effect rolls state, then this makes the operation Failed. */
export function injectedFailure(op: OperationRecord): ArmError | undefined {
  const f = asObject(op.args.failWith);
  if (typeof f.code !== "string") return undefined;
  return new ArmError(500, f.code, typeof f.message === "string" ? f.message : `Injected failure ${f.code}.`);
}

export function locationOf(rec: ResourceRecord): string {
  return typeof rec.body.location === "string" ? rec.body.location : "global";
}

export function subResource(id: string): JsonObject {
  return { id };
}

export function refId(value: Json | undefined): string | undefined {
  const id = asObject(value).id;
  return typeof id === "string" ? id : undefined;
}

export { TYPES, newEtag, newGuid, resourceId, rgId };
