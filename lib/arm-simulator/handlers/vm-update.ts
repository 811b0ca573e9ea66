import { createHash } from "node:crypto";
import { ArmError } from "../errors";
import type { Effect } from "../context";
import { asArray, asObject, asString, clone, props, type Ctx } from "../http";
import type { RouteSpec } from "../module";
import type { JsonObject, ResourceRecord } from "../types";
import { TYPES, getTracked, injectedFailure, putResponse, setState, startOp, stateOf } from "./common";
import { RESIZE_PHASES, checkResize, isAllocated } from "./vm-resize";

const VM = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.compute/virtualmachines/{vm}";

/** ARM never returns customData, so the VM keeps only a digest to tell a change from a re-send. */
export function customDataDigest(customData: string | undefined): string {
  return customData === undefined ? "" : createHash("sha256").update(customData).digest("hex");
}

function keySet(os: JsonObject): string {
  const keys = asArray(asObject(asObject(os.linuxConfiguration).ssh).publicKeys).map((k) => asObject(k));
  return keys
    .map((k) => `${asString(k.path) ?? ""}|${(asString(k.keyData) ?? "").trim()}`)
    .sort()
    .join("\n");
}

/**
 * osProfile is fixed once a VM exists: CRP refuses any change with PropertyChangeNotAllowed,
 * 409, naming the property, e.g. {"code":"PropertyChangeNotAllowed","message":"Changing property
 * 'linuxConfiguration.ssh.publicKeys' is not allowed.","target":"linuxConfiguration.ssh.publicKeys"}
 * (https://github.com/Azure/azure-cli/issues/11840; 409 Conflict in
 * https://github.com/MicrosoftDocs/azure-docs/issues/12602; customData in
 * https://github.com/Azure/azure-sdk-for-node/issues/2297). Fields the request omits are kept,
 * because a GET-modify-PUT never carries customData. SSH keys change through the VM access
 * extension instead (vm-extensions.ts).
 */
export function checkOsProfileUnchanged(existing: ResourceRecord, incoming: JsonObject | undefined): void {
  if (!incoming) return;
  const stored = asObject(asObject(existing.body.properties).osProfile);
  const inLinux = asObject(incoming.linuxConfiguration);
  const storedLinux = asObject(stored.linuxConfiguration);
  const changed: [string, boolean][] = [
    ["adminUsername", incoming.adminUsername !== undefined && incoming.adminUsername !== stored.adminUsername],
    ["computerName", incoming.computerName !== undefined && incoming.computerName !== stored.computerName],
    [
      "customData",
      typeof incoming.customData === "string" &&
        typeof existing.meta.customDataDigest === "string" &&
        customDataDigest(incoming.customData) !== existing.meta.customDataDigest,
    ],
    [
      "linuxConfiguration.disablePasswordAuthentication",
      inLinux.disablePasswordAuthentication !== undefined &&
        inLinux.disablePasswordAuthentication !== storedLinux.disablePasswordAuthentication,
    ],
    ["linuxConfiguration.ssh.publicKeys", inLinux.ssh !== undefined && keySet(incoming) !== keySet(stored)],
    ["adminPassword", incoming.adminPassword !== undefined],
  ];
  const target = changed.find(([, c]) => c)?.[0];
  if (target)
    throw new ArmError(409, "PropertyChangeNotAllowed", `Changing property '${target}' is not allowed.`, { target });
}

/** A PUT or PATCH on an existing VM: tags, and a resize (a running VM restarts on the new size). */
export function updateVm(ctx: Ctx, existing: ResourceRecord, body: JsonObject) {
  if (stateOf(existing.body) === "Deleting") {
    throw new ArmError(
      409,
      "OperationNotAllowed",
      `Operation 'PUT' is not allowed on VM '${ctx.params.vm}' since the VM is marked for deletion. You can only retry the Delete operation (or wait for an ongoing one to complete).`,
    );
  }
  const p = asObject(body.properties);
  checkOsProfileUnchanged(existing, p.osProfile === undefined ? undefined : asObject(p.osProfile));
  const requested = asString(asObject(p.hardwareProfile).vmSize);
  const resize = requested ? checkResize(ctx.sim, existing, requested, ctx.params.sub ?? "") : undefined;
  if (body.tags !== undefined) existing.body.tags = clone(asObject(body.tags));
  if (resize) props(existing.body).hardwareProfile = { vmSize: resize.name };
  const wasFailed = stateOf(existing.body) === "Failed";
  setState(existing.body, "Updating");
  const running = isAllocated(existing) && existing.meta.powerState === "running";
  const op = startOp(
    ctx,
    { id: existing.id, location: String(existing.body.location) },
    "PutVMOperation",
    "vm.update",
    resize && running ? "vm.power" : "vm.update",
    { resized: !!resize, restart: !!resize && running, wasFailed },
  );
  if (resize && running) existing.meta.transition = { phases: [...RESIZE_PHASES], from: Date.now(), to: op.dueAt };
  ctx.sim.changed();
  return putResponse(ctx, existing.body, false, op);
}

function patchVm(ctx: Ctx) {
  const rec = getTracked(ctx, TYPES.vm, ctx.params.vm ?? "");
  const inflight = ctx.sim.ops.inFlight(rec.id);
  if (inflight) {
    throw new ArmError(
      409,
      "OperationNotAllowed",
      `Operation 'PATCH' is not allowed on VM '${rec.body.name}' since the VM is being updated by operation ${inflight.id}. Retry after it completes.`,
    );
  }
  return updateVm(ctx, rec, ctx.body ?? {});
}

/** Part of the virtualMachines module (vms.ts). */
export const vmUpdateEffects: Record<string, Effect> = {
  "vm.update": (sim, op) => {
    const rec = sim.state.get(op.resourceId);
    if (!rec) return;
    delete rec.meta.transition;
    const failure = injectedFailure(op);
    setState(rec.body, failure ? "Failed" : "Succeeded");
    if (failure) throw failure;
    // A re-PUT of a failed VM provisions it again; a resize restarts a running one; a stopped or
    // deallocated VM stays so (Azure never starts a VM on a model update).
    if (
      !rec.meta.powerState ||
      rec.meta.powerState === "starting" ||
      op.args.wasFailed === true ||
      op.args.restart === true
    ) {
      rec.meta.powerState = "running";
      rec.meta.runningSince = Date.now();
    }
  },
};

export const vmUpdateRoutes: RouteSpec[] = [
  { method: "PATCH", path: VM, operation: "virtualMachines.update", handler: patchVm, computePolicy: "UpdateVM" },
];
