import { ArmError, badRequest, invalidParameter } from "../errors";
import { API_VERSIONS } from "../api-versions";
import { asArray, asObject, asString, clone, json, type Ctx } from "../http";
import type { ResourceModule } from "../module";
import type { SimContext } from "../context";
import type { JsonObject, ResourceRecord } from "../types";
import {
  TYPES,
  beginDelete,
  injectedFailure,
  normLocation,
  putResponse,
  requireBody,
  startOp,
  stateOf,
  trackedId,
} from "./common";
import { applyVmAccess, vmAccessArgs } from "./vm-access";

/**
 * VM extensions (Microsoft.Compute/virtualMachines/extensions), for the one handler the product
 * uses: the VM access extension (publisher Microsoft.OSTCExtensions, type VMAccessForLinux), the
 * way Azure documents changing a Linux VM's SSH key after creation
 * (https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/troubleshoot-ssh-connection
 * and https://github.com/Azure/azure-linux-extensions/blob/master/VMAccess/README.md).
 * Extensions live in the VM body's `resources` array, as a VM GET shows them; protectedSettings
 * are never stored on the resource nor returned.
 */
const VM = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.compute/virtualmachines/{vm}";
export const EXT_TYPE = "Microsoft.Compute/virtualMachines/extensions";
const HANDLERS: { publisher: string; type: string; versions: string[] }[] = [
  {
    publisher: "Microsoft.OSTCExtensions",
    type: "VMAccessForLinux",
    versions: ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5"],
  },
];

function parentVm(ctx: Ctx): ResourceRecord {
  const vm = ctx.sim.state.get(trackedId(ctx, TYPES.vm, ctx.params.vm ?? ""));
  if (!vm)
    throw new ArmError(
      404,
      "ParentResourceNotFound",
      `Can not perform requested operation on nested resource. Parent resource '${ctx.params.vm}' not found.`,
    );
  return vm;
}

export function extensionsOf(vm: ResourceRecord): JsonObject[] {
  return asArray(vm.body.resources)
    .map((r) => asObject(r))
    .filter((r) => String(r.type).toLowerCase() === EXT_TYPE.toLowerCase());
}

function findExtension(vm: ResourceRecord, name: string): JsonObject | undefined {
  return extensionsOf(vm).find((e) => String(e.name).toLowerCase() === name.toLowerCase());
}

function handlerName(p: JsonObject): string {
  return `${String(p.publisher)}.${String(p.type)}`;
}

/**
 * Publisher, type and version as CRP checks them: 404 ArtifactNotFound as in
 * https://github.com/Azure/azure-powershell/issues/20094 (unknown handler) and
 * https://github.com/MicrosoftDocs/azure-docs/issues/10862 (unknown version); a malformed version
 * is InvalidParameter (https://github.com/chef-partners/azure-chef-extension/issues/70).
 */
function checkHandler(p: JsonObject): void {
  for (const field of ["publisher", "type", "typeHandlerVersion"]) {
    if (!asString(p[field])) throw invalidParameter(field, `Required parameter '${field}' is missing (null).`);
  }
  const [publisher, type, version] = [String(p.publisher), String(p.type), String(p.typeHandlerVersion)];
  if (!/^\d+\.\d+(\.\d+){0,2}$/.test(version)) throw invalidParameter("typeHandlerVersion");
  const handler = HANDLERS.find(
    (h) => h.publisher.toLowerCase() === publisher.toLowerCase() && h.type.toLowerCase() === type.toLowerCase(),
  );
  if (!handler)
    throw new ArmError(
      404,
      "ArtifactNotFound",
      `The VM extension with publisher '${publisher}' and type '${type}' could not be found.`,
    );
  if (!handler.versions.includes(version.split(".").slice(0, 2).join("."))) {
    throw new ArmError(
      404,
      "ArtifactNotFound",
      `Extension with publisher '${publisher}', type '${type}', and type handler version '${version}' could not be found in the extension repository.`,
    );
  }
}

/**
 * Extensions change only on a running, idle VM: 409 OperationNotAllowed, for PUT and DELETE alike
 * (https://github.com/hashicorp/terraform-provider-azurerm/issues/477, /issues/6098).
 */
function checkVmAcceptsExtensions(ctx: Ctx, vm: ResourceRecord, extId: string): void {
  if (stateOf(vm.body) === "Deleting")
    throw new ArmError(
      409,
      "OperationNotAllowed",
      `Operation 'PUT' is not allowed on VM '${vm.body.name}' since the VM is marked for deletion. You can only retry the Delete operation (or wait for an ongoing one to complete).`,
    );
  if (ctx.sim.ops.inFlight(vm.id) || ctx.sim.ops.inFlight(extId)) {
    throw new ArmError(
      409,
      "OperationNotAllowed",
      `Operation 'PUT' is not allowed on VM '${vm.body.name}' since the VM is being updated. Retry after the current operation completes.`,
    );
  }
  if (vm.meta.powerState !== "running")
    throw new ArmError(409, "OperationNotAllowed", "Cannot modify extensions in the VM when the VM is not running.");
}

function putExtension(ctx: Ctx) {
  const body = requireBody(ctx);
  const vm = parentVm(ctx);
  const name = ctx.params.ext ?? "";
  const location = normLocation(body.location);
  const p = asObject(body.properties);
  checkHandler(p);
  // One extension per handler on Linux: https://github.com/MicrosoftDocs/azure-docs/issues/55085
  const other = extensionsOf(vm).find(
    (e) =>
      String(e.name).toLowerCase() !== name.toLowerCase() &&
      handlerName(asObject(e.properties)).toLowerCase() === handlerName(p).toLowerCase(),
  );
  if (other)
    throw badRequest(
      "BadRequest",
      `Multiple VMExtensions per handler not supported for OS type 'Linux'. VMExtension '${String(other.name)}' with handler '${handlerName(asObject(other.properties))}' already added or specified in input.`,
    );
  const existing = findExtension(vm, name);
  const id = existing ? String(existing.id) : `${vm.id}/extensions/${name}`;
  checkVmAcceptsExtensions(ctx, vm, id);
  const props: JsonObject = {
    autoUpgradeMinorVersion: p.autoUpgradeMinorVersion === true,
    provisioningState: existing ? "Updating" : "Creating",
    publisher: String(p.publisher),
    type: String(p.type),
    typeHandlerVersion: String(p.typeHandlerVersion),
    settings: clone(asObject(p.settings)),
  };
  if (p.enableAutomaticUpgrade !== undefined) props.enableAutomaticUpgrade = p.enableAutomaticUpgrade === true;
  if (asString(p.forceUpdateTag)) props.forceUpdateTag = String(p.forceUpdateTag);
  const ext: JsonObject = {
    name: existing ? String(existing.name) : name,
    id,
    type: EXT_TYPE,
    location,
    properties: props,
  };
  if (body.tags !== undefined) ext.tags = clone(asObject(body.tags));
  vm.body.resources = [...extensionsOf(vm).filter((e) => e !== existing), ext];
  const status = asObject(vm.meta.extensionStatus);
  status[String(ext.name)] = { code: "ProvisioningState/transitioning", level: "Info", displayStatus: "Transitioning" };
  vm.meta.extensionStatus = status;
  const args = { vmId: vm.id, name: String(ext.name), ...vmAccessArgs(asObject(p.protectedSettings)) };
  const op = startOp(ctx, { id, location }, "PutVMExtensionOperation", "vm.extension.put", "vm.extension", args);
  ctx.sim.changed();
  return putResponse(ctx, ext, !existing, op);
}

function getExtension(ctx: Ctx) {
  const vm = parentVm(ctx);
  const ext = findExtension(vm, ctx.params.ext ?? "");
  if (!ext) throw new ArmError(404, "NotFound", `The entity was not found in this Azure location.`);
  const out = clone(ext);
  if ((ctx.query["$expand"] ?? "").toLowerCase().includes("instanceview"))
    asObject(out.properties).instanceView = extensionInstanceView(vm, ext);
  return json(out);
}

function listExtensions(ctx: Ctx) {
  return json({ value: extensionsOf(parentVm(ctx)).map((e) => clone(e)) });
}

function deleteExtension(ctx: Ctx) {
  const vm = parentVm(ctx);
  const ext = findExtension(vm, ctx.params.ext ?? "");
  if (!ext) return { status: 204 };
  checkVmAcceptsExtensions(ctx, vm, String(ext.id));
  return beginDelete(
    ctx,
    ext,
    { id: String(ext.id), location: String(ext.location) },
    {
      name: "DeleteVMExtensionOperation",
      effect: "vm.extension.delete",
      kind: "vm.extension",
      args: { vmId: vm.id, name: String(ext.name) },
    },
  );
}

function extensionInstanceView(vm: ResourceRecord, ext: JsonObject): JsonObject {
  const p = asObject(ext.properties);
  const status = asObject(asObject(vm.meta.extensionStatus)[String(ext.name)]);
  return {
    name: String(ext.name),
    type: handlerName(p),
    typeHandlerVersion: String(p.typeHandlerVersion),
    statuses: [{ ...status, time: new Date().toISOString() }],
  };
}

/** The VM instance view's `extensions` and `vmAgent.extensionHandlers`. */
export function extensionViews(vm: ResourceRecord): { extensions: JsonObject[]; handlers: JsonObject[] } {
  const exts = extensionsOf(vm);
  return {
    extensions: exts.map((e) => extensionInstanceView(vm, e)),
    handlers: exts.map((e) => ({
      type: handlerName(asObject(e.properties)),
      typeHandlerVersion: String(asObject(e.properties).typeHandlerVersion),
      status: { code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Ready", message: "Plugin enabled" },
    })),
  };
}

function withExtension(
  sim: SimContext,
  vmId: unknown,
  name: unknown,
): { vm: ResourceRecord; ext: JsonObject } | undefined {
  const vm = sim.state.get(String(vmId));
  const ext = vm ? findExtension(vm, String(name)) : undefined;
  return vm && ext ? { vm, ext } : undefined;
}

const EXT = `${VM}/extensions/{ext}`;
export const vmExtensions: ResourceModule = {
  type: EXT_TYPE,
  typeName: "virtualMachines/extensions",
  api: API_VERSIONS.compute,
  routes: [
    {
      method: "PUT",
      path: EXT,
      operation: "virtualMachineExtensions.createOrUpdate",
      handler: putExtension,
      computePolicy: "UpdateVM",
    },
    {
      method: "GET",
      path: EXT,
      operation: "virtualMachineExtensions.get",
      handler: getExtension,
      computePolicy: "LowCostGet",
    },
    {
      method: "DELETE",
      path: EXT,
      operation: "virtualMachineExtensions.delete",
      handler: deleteExtension,
      computePolicy: "UpdateVM",
    },
    {
      method: "GET",
      path: `${VM}/extensions`,
      operation: "virtualMachineExtensions.list",
      handler: listExtensions,
      nameParam: "vm",
      computePolicy: "LowCostGet",
    },
  ],
  effects: {
    "vm.extension.put": (sim, op) => {
      const found = withExtension(sim, op.args.vmId, op.args.name);
      if (!found) return;
      const { vm, ext } = found;
      const status = asObject(vm.meta.extensionStatus);
      const p = asObject(ext.properties);
      try {
        const failure = injectedFailure(op);
        if (failure) throw failure;
        const message = applyVmAccess(vm, String(ext.name), op.args);
        p.provisioningState = "Succeeded";
        status[String(ext.name)] = {
          code: "ProvisioningState/succeeded",
          level: "Info",
          displayStatus: "Provisioning succeeded",
          message,
        };
      } catch (err) {
        p.provisioningState = "Failed";
        const e = err as ArmError;
        status[String(ext.name)] = {
          code: "ProvisioningState/failed/1",
          level: "Error",
          displayStatus: "Provisioning failed",
          message: e.message,
        };
        throw err;
      } finally {
        vm.meta.extensionStatus = status;
      }
    },
    "vm.extension.delete": (sim, op) => {
      const found = withExtension(sim, op.args.vmId, op.args.name);
      if (!found) return;
      found.vm.body.resources = extensionsOf(found.vm).filter((e) => e !== found.ext);
      delete asObject(found.vm.meta.extensionStatus)[String(found.ext.name)];
    },
  },
};
