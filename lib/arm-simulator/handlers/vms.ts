import { ArmError, invalidReference } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { asArray, asObject, asString, clone, json, page, props, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import type { SimContext } from "../context";
import type { JsonObject, ResourceRecord } from "../types";
import { checkQuota, skuNotAvailable } from "./catalog";
import {
  TYPES,
  deleteTracked,
  getTracked,
  injectedFailure,
  newGuid,
  newTracked,
  normLocation,
  putResponse,
  refId,
  removeOnDelete,
  requireBody,
  requireRg,
  setState,
  startOp,
  stateOf,
  trackedId,
} from "./common";
import { createOsDisk, releaseOsDisk } from "./disks";
import { nicInUse, nicReserved } from "./nics";
import { instanceView, powerEffects, powerRoutes } from "./vm-power";
import { customDataDigest, updateVm, vmUpdateEffects, vmUpdateRoutes } from "./vm-update";
import { validateVmBody } from "./vm-validate";

export const VM = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.compute/virtualmachines/{vm}";
const NIC_RESERVATION_MS = 180_000;

function nicIdsOf(vm: JsonObject): string[] {
  return asArray(asObject(asObject(vm.properties).networkProfile).networkInterfaces)
    .map((n) => refId(n))
    .filter((x): x is string => !!x);
}

/** After a failed create Azure holds the VM's NICs for 180 s (ARM-REFERENCE §3.3). */
function reserveNics(sim: SimContext, vmId: string, nicIds: string[]): void {
  const until = Date.now() + sim.latency.scaled(NIC_RESERVATION_MS);
  for (const id of nicIds) sim.state.nicReservations.set(id.toLowerCase(), { vmId, until });
  sim.changed();
}

function checkNics(ctx: Ctx, vmId: string, nicIds: string[]): ResourceRecord[] {
  return nicIds.map((id) => {
    const nic = ctx.sim.state.get(id);
    if (!nic) throw invalidReference(id, vmId);
    const owner = refId(asObject(nic.body.properties).virtualMachine);
    if (owner && owner.toLowerCase() !== vmId.toLowerCase()) throw nicInUse(nic) ?? invalidReference(id, vmId);
    const reserved = nicReserved(ctx.sim, id, vmId);
    if (reserved) throw reserved;
    return nic;
  });
}

function buildVmProperties(ctx: Ctx, id: string, body: JsonObject, location: string): JsonObject {
  const p = clone(asObject(body.properties));
  const storage = asObject(p.storageProfile);
  const osDisk = asObject(storage.osDisk);
  const diskName = asString(osDisk.name) ?? `${id.split("/").pop()}_OsDisk_1_${newGuid().replace(/-/g, "")}`;
  const diskId = `${requireRg(ctx).id}/providers/Microsoft.Compute/disks/${diskName}`;
  const accountType = asString(asObject(osDisk.managedDisk).storageAccountType) ?? "Premium_LRS";
  storage.osDisk = {
    osType: "Linux",
    name: diskName,
    createOption: "FromImage",
    caching: asString(osDisk.caching) ?? "ReadWrite",
    managedDisk: { storageAccountType: accountType, id: diskId },
    deleteOption: asString(osDisk.deleteOption) ?? "Detach",
    diskSizeGB: 30,
  };
  storage.imageReference = { ...asObject(storage.imageReference), exactVersion: "22.04.202501010" };
  storage.dataDisks = asArray(storage.dataDisks);
  storage.diskControllerType = "SCSI";
  const os = asObject(p.osProfile);
  delete os.customData; // ARM never returns customData or passwords
  delete os.adminPassword;
  os.computerName = asString(os.computerName) ?? id.split("/").pop() ?? "vm";
  os.secrets = asArray(os.secrets);
  os.allowExtensionOperations = true;
  os.requireGuestProvisionSignal = true;
  const linux = asObject(os.linuxConfiguration);
  linux.provisionVMAgent = linux.provisionVMAgent !== false;
  linux.patchSettings = { patchMode: "ImageDefault", assessmentMode: "ImageDefault" };
  p.osProfile = { ...os, linuxConfiguration: linux };
  p.storageProfile = storage;
  p.vmId = newGuid();
  p.timeCreated = new Date().toISOString();
  p.provisioningState = "Creating";
  void location;
  return p;
}

/** What the guest's sshd would accept: the admin's keys, changed later only by the VM access extension. */
function initialGuest(os: JsonObject): JsonObject {
  const keys = asArray(asObject(asObject(os.linuxConfiguration).ssh).publicKeys)
    .map((k) => asString(asObject(k).keyData) ?? "")
    .filter(Boolean);
  return { users: { [asString(os.adminUsername) ?? ""]: { sshKeys: keys, sudo: true } } };
}

function putVm(ctx: Ctx) {
  const body = requireBody(ctx);
  const id = trackedId(ctx, TYPES.vm, ctx.params.vm ?? "");
  const location = normLocation(body.location);
  const existing = ctx.sim.state.get(id);
  const inflight = ctx.sim.ops.inFlight(id);
  if (existing && stateOf(existing.body) === "Deleting") {
    throw new ArmError(
      409,
      "OperationNotAllowed",
      `Operation 'PUT' is not allowed on VM '${ctx.params.vm}' since the VM is marked for deletion. You can only retry the Delete operation (or wait for an ongoing one to complete).`,
    );
  }
  // Re-sending the PUT of a VM being created joins the running operation (idempotent resume).
  if (existing && inflight) return json(clone(existing.body), 200, ctx.sim.ops.headers(inflight, "put"));
  const size = validateVmBody(body);
  const nicIds = nicIdsOf(body);
  const nics = checkNics(ctx, id, nicIds);
  if (existing) return updateVm(ctx, existing, body);
  try {
    if (size.restricted) throw skuNotAvailable(size.name, location);
    checkQuota(ctx.sim, ctx.params.sub ?? "", location, size, ctx.quotaExhausted === true);
  } catch (err) {
    reserveNics(ctx.sim, id, nicIds);
    throw err;
  }
  const rec = newTracked(id, TYPES.vm, location, body.tags, buildVmProperties(ctx, id, body, location));
  delete rec.body.etag;
  rec.body.etag = '"1"';
  const os = asObject(asObject(body.properties).osProfile);
  rec.meta = {
    powerState: "starting",
    customDataDigest: customDataDigest(asString(os.customData)),
    guest: initialGuest(os),
  };
  createOsDisk(ctx, rec);
  ctx.sim.state.put(rec);
  for (const nic of nics) {
    const p = props(nic.body);
    p.virtualMachine = { id };
    p.primary = true;
  }
  const op = startOp(ctx, { id, location }, "PutVMOperation", "vm.create", "vm.create", { nics: nicIds });
  return putResponse(ctx, rec.body, true, op);
}

function getVm(ctx: Ctx) {
  const rec = getTracked(ctx, TYPES.vm, ctx.params.vm ?? "");
  const body = clone(rec.body);
  if ((ctx.query["$expand"] ?? "").toLowerCase().includes("instanceview")) props(body).instanceView = instanceView(rec);
  return json(body);
}

/** VM lists: Compute's "High Cost Get" policy (ARM-REFERENCE §7.2). */
function listVms(ctx: Ctx) {
  const rg = requireRg(ctx);
  return page(
    ctx,
    `${rg.id}/providers/Microsoft.Compute/virtualMachines`,
    ctx.sim.state.list(TYPES.vm, rg.id).map((r) => clone(r.body)),
  );
}

function listAllVms(ctx: Ctx) {
  const items = ctx.sim.state.list(TYPES.vm, `/subscriptions/${ctx.params.sub}`).map((r) => clone(r.body));
  return page(ctx, `/subscriptions/${ctx.params.sub}/providers/Microsoft.Compute/virtualMachines`, items);
}

function deleteVm(ctx: Ctx) {
  // CRP takes a delete at any time: it preempts whatever operation holds the VM.
  return deleteTracked(ctx, {
    type: TYPES.vm,
    name: ctx.params.vm ?? "",
    operation: "DeleteVMOperation",
    effect: "vm.delete",
    waitIdle: false,
    before: (rec) => {
      const inflight = ctx.sim.ops.inFlight(rec.id);
      if (inflight) {
        ctx.sim.ops.cancel(inflight, {
          code: "OperationPreempted",
          message: "Operation execution has been preempted by a more recent operation.",
        });
        inflight.status = "Failed";
      }
      rec.meta.powerState = "stopping";
    },
  });
}

const T = "virtualMachines";
export const virtualMachines: ResourceModule = {
  type: TYPES.vm,
  typeName: T,
  api: API_VERSIONS.compute,
  routes: [
    { method: "PUT", path: VM, operation: "virtualMachines.createOrUpdate", handler: putVm, computePolicy: "PutVM" },
    { method: "GET", path: VM, operation: "virtualMachines.get", handler: getVm, computePolicy: "LowCostGet" },
    { method: "DELETE", path: VM, operation: "virtualMachines.delete", handler: deleteVm, computePolicy: "DeleteVM" },
    {
      method: "GET",
      path: "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.compute/virtualmachines",
      operation: "virtualMachines.list",
      handler: listVms,
      nameParam: "rg",
      computePolicy: "HighCostGet",
    },
    {
      method: "GET",
      path: "/subscriptions/{sub}/providers/microsoft.compute/virtualmachines",
      operation: "virtualMachines.listAll",
      handler: listAllVms,
      nameParam: "sub",
      computePolicy: "HighCostGet",
    },
    ...vmUpdateRoutes,
    ...powerRoutes,
  ],
  effects: {
    "vm.create": (sim, op) => {
      const rec = sim.state.get(op.resourceId);
      if (!rec) return;
      const failure = injectedFailure(op);
      if (failure) {
        setState(rec.body, "Failed");
        rec.meta.powerState = "stopped";
        reserveNics(sim, rec.id, nicIdsOf(rec.body));
        throw failure;
      }
      setState(rec.body, "Succeeded");
      rec.meta.powerState = "running";
      rec.meta.runningSince = Date.now();
      for (const nicId of nicIdsOf(rec.body)) {
        const nic = sim.state.get(nicId);
        sim.state.counters.mac += 1;
        if (nic && !props(nic.body).macAddress)
          props(nic.body).macAddress =
            `00-0D-3A-${((sim.state.counters.mac >> 16) & 255).toString(16).padStart(2, "0")}-${((sim.state.counters.mac >> 8) & 255).toString(16).padStart(2, "0")}-${(sim.state.counters.mac & 255).toString(16).padStart(2, "0")}`.toUpperCase();
      }
    },
    "vm.delete": removeOnDelete((sim, rec) => {
      const nicRefs = asArray(asObject(asObject(rec.body.properties).networkProfile).networkInterfaces).map((n) =>
        asObject(n),
      );
      for (const ref of nicRefs) {
        const nic = sim.state.get(refId(ref) ?? "");
        if (!nic) continue;
        if (asObject(ref.properties).deleteOption === "Delete") sim.state.remove(nic.id);
        else delete props(nic.body).virtualMachine;
      }
      releaseOsDisk(sim, rec);
    }),
    ...vmUpdateEffects,
    ...powerEffects,
  },
};
