import { ArmError } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { asObject, asString, clone, json, props, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import type { SimContext } from "../context";
import type { ResourceRecord } from "../types";
import {
  TYPES,
  deleteTracked,
  getTracked,
  newGuid,
  newTracked,
  normLocation,
  putResponse,
  removeOnDelete,
  requireBody,
  setState,
  startOp,
  trackedId,
} from "./common";

const DISK = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.compute/disks/{disk}";

function diskTier(sizeGb: number, account: string): string {
  return account.startsWith("Premium") ? (sizeGb <= 4 ? "P1" : sizeGb <= 32 ? "P4" : "P10") : "";
}

/** The OS disk is created with the VM (ARM-REFERENCE §10.5): managedBy the VM, no tags of its own. */
export function createOsDisk(ctx: Ctx, vm: ResourceRecord): void {
  const osDisk = asObject(asObject(asObject(vm.body.properties).storageProfile).osDisk);
  const id = String(asObject(osDisk.managedDisk).id);
  const account = asString(asObject(osDisk.managedDisk).storageAccountType) ?? "Premium_LRS";
  const existing = ctx.sim.state.get(id);
  if (existing && asString(existing.body.managedBy)?.toLowerCase() !== vm.id.toLowerCase()) {
    throw new ArmError(
      409,
      "ConflictingUserInput",
      `Disk ${existing.body.name} already exists in resource group ${ctx.params.rg?.toUpperCase()}. Only CreateOption.Attach is supported.`,
      { target: "/disks/" + String(existing.body.name) },
    );
  }
  const ref = asObject(asObject(asObject(vm.body.properties).storageProfile).imageReference);
  const location = String(vm.body.location);
  const rec = newTracked(
    id,
    TYPES.disk,
    location,
    {},
    {
      osType: "Linux",
      hyperVGeneration: "V2",
      creationData: {
        createOption: "FromImage",
        imageReference: {
          id: `/Subscriptions/${ctx.params.sub}/Providers/Microsoft.Compute/Locations/${location}/Publishers/${ref.publisher}/ArtifactTypes/VMImage/Offers/${ref.offer}/Skus/${ref.sku}/Versions/22.04.202501010`,
        },
      },
      diskSizeGB: 30,
      diskIOPSReadWrite: 120,
      diskMBpsReadWrite: 25,
      diskSizeBytes: 32212254720,
      uniqueId: newGuid(),
      encryption: { type: "EncryptionAtRestWithPlatformKey" },
      networkAccessPolicy: "AllowAll",
      publicNetworkAccess: "Enabled",
      timeCreated: new Date().toISOString(),
      provisioningState: "Succeeded",
      diskState: "Attached",
      tier: diskTier(30, account),
    },
  );
  delete rec.body.etag;
  rec.body.managedBy = vm.id;
  rec.body.sku = { name: account, tier: account.startsWith("Premium") ? "Premium" : "Standard" };
  ctx.sim.state.put(rec);
}

/** VM deleted: its OS disk is deleted with it (deleteOption Delete) or detached. */
export function releaseOsDisk(sim: SimContext, vm: ResourceRecord): void {
  const osDisk = asObject(asObject(asObject(vm.body.properties).storageProfile).osDisk);
  const disk = sim.state.get(String(asObject(osDisk.managedDisk).id ?? ""));
  if (!disk) return;
  if (osDisk.deleteOption === "Delete") {
    sim.state.remove(disk.id);
    return;
  }
  delete disk.body.managedBy;
  props(disk.body).diskState = "Unattached";
}

function getDisk(ctx: Ctx) {
  return json(clone(getTracked(ctx, TYPES.disk, ctx.params.disk ?? "").body));
}

function putDisk(ctx: Ctx) {
  const body = requireBody(ctx);
  const id = trackedId(ctx, TYPES.disk, ctx.params.disk ?? "");
  const location = normLocation(body.location);
  const existing = ctx.sim.state.get(id);
  const inProps = asObject(body.properties);
  const size = typeof inProps.diskSizeGB === "number" ? inProps.diskSizeGB : 32;
  const rec = existing
    ? clone(existing)
    : newTracked(id, TYPES.disk, location, body.tags, {
        creationData: asObject(inProps.creationData),
        diskSizeGB: size,
        uniqueId: newGuid(),
        diskState: "Unattached",
        encryption: { type: "EncryptionAtRestWithPlatformKey" },
        timeCreated: new Date().toISOString(),
      });
  delete rec.body.etag;
  if (body.tags !== undefined) rec.body.tags = clone(asObject(body.tags));
  rec.body.sku = { name: asString(asObject(body.sku).name) ?? "Standard_LRS" };
  setState(rec.body, "Updating");
  ctx.sim.state.put(rec);
  const op = startOp(ctx, { id, location }, "PutDiskOperation", "disk.put", "disk.create");
  return putResponse(ctx, rec.body, !existing, op);
}

function deleteDisk(ctx: Ctx) {
  return deleteTracked(ctx, {
    type: TYPES.disk,
    name: ctx.params.disk ?? "",
    operation: "DeleteDiskOperation",
    effect: "disk.delete",
    waitIdle: false,
    before: (rec) => {
      const owner = asString(rec.body.managedBy);
      if (owner) throw new ArmError(409, "OperationNotAllowed", `Disk ${rec.body.name} is attached to VM ${owner}.`);
    },
  });
}

export const disks: ResourceModule = {
  type: TYPES.disk,
  typeName: "disks",
  api: API_VERSIONS.disks,
  routes: [
    { method: "PUT", path: DISK, operation: "disks.createOrUpdate", handler: putDisk },
    { method: "GET", path: DISK, operation: "disks.get", handler: getDisk },
    { method: "DELETE", path: DISK, operation: "disks.delete", handler: deleteDisk },
  ],
  effects: {
    "disk.put": (sim, op) => {
      const rec = sim.state.get(op.resourceId);
      if (rec) setState(rec.body, "Succeeded");
    },
    "disk.delete": removeOnDelete(),
  },
};
