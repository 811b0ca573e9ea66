import { ArmError } from "../errors";
import type { Effect } from "../context";
import { asObject, asString, json, type Ctx } from "../http";
import type { RouteSpec } from "../module";
import type { JsonObject, ResourceRecord } from "../types";
import { TYPES, getTracked, stateOf, startOp } from "./common";
import { extensionViews } from "./vm-extensions";
import { availableSizes, currentPowerState } from "./vm-resize";

const VM = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.compute/virtualmachines/{vm}";

const POWER_LABEL: Record<string, string> = {
  starting: "VM starting",
  running: "VM running",
  stopping: "VM stopping",
  stopped: "VM stopped",
  deallocating: "VM deallocating",
  deallocated: "VM deallocated",
};

/** Instance view as CRP returns it: provisioning + power statuses (VirtualMachine_Get_InstanceView.json). */
export function instanceView(rec: ResourceRecord): JsonObject {
  const state = (stateOf(rec.body) ?? "Succeeded").toLowerCase();
  const power = currentPowerState(rec);
  const p = asObject(rec.body.properties);
  const statuses: JsonObject[] = [
    {
      code: `ProvisioningState/${state}`,
      level: state === "failed" ? "Error" : "Info",
      displayStatus:
        state === "succeeded"
          ? "Provisioning succeeded"
          : state === "failed"
            ? "Provisioning failed"
            : `Provisioning ${state}`,
      time: asString(p.timeCreated) ?? new Date().toISOString(),
    },
  ];
  if (state !== "failed" || power !== "stopped")
    statuses.push({ code: `PowerState/${power}`, level: "Info", displayStatus: POWER_LABEL[power] ?? power });
  const osDisk = asObject(asObject(p.storageProfile).osDisk);
  return {
    computerName: asString(asObject(p.osProfile).computerName) ?? String(rec.body.name),
    osName: "ubuntu",
    osVersion: "22.04",
    hyperVGeneration: "V2",
    vmAgent: {
      vmAgentVersion: "2.12.0.2",
      statuses: [
        {
          code: "ProvisioningState/succeeded",
          level: "Info",
          displayStatus: power === "running" ? "Ready" : "Not Ready",
          message: "Guest Agent is running",
          time: new Date().toISOString(),
        },
      ],
      extensionHandlers: extensionViews(rec).handlers,
    },
    disks: [
      {
        name: asString(osDisk.name) ?? "",
        statuses: [
          {
            code: "ProvisioningState/succeeded",
            level: "Info",
            displayStatus: "Provisioning succeeded",
            time: asString(p.timeCreated) ?? "",
          },
        ],
      },
    ],
    extensions: extensionViews(rec).extensions,
    bootDiagnostics: {},
    isVMInStandbyPool: false,
    statuses,
  };
}

function getInstanceView(ctx: Ctx) {
  return json(instanceView(getTracked(ctx, TYPES.vm, ctx.params.vm ?? "")));
}

const ACTIONS: Record<string, { during: string; after: string; name: string }> = {
  start: { during: "starting", after: "running", name: "StartVMOperation" },
  poweroff: { during: "stopping", after: "stopped", name: "PowerOffVMOperation" },
  deallocate: { during: "deallocating", after: "deallocated", name: "DeallocateVMOperation" },
  restart: { during: "starting", after: "running", name: "RestartVMOperation" },
};

function powerAction(action: string) {
  return (ctx: Ctx) => {
    const rec = getTracked(ctx, TYPES.vm, ctx.params.vm ?? "");
    const spec = ACTIONS[action];
    if (!spec) throw new ArmError(400, "InvalidRequestContent", `Unknown action ${action}.`);
    const busy = ctx.sim.ops.inFlight(rec.id);
    if (busy || stateOf(rec.body) !== "Succeeded") {
      throw new ArmError(
        409,
        "OperationNotAllowed",
        `Operation '${action}' is not allowed on VM '${rec.body.name}' since the VM is ${stateOf(rec.body) === "Deleting" ? "marked for deletion" : "being provisioned"}.`,
        {},
      );
    }
    rec.meta.powerState = spec.during;
    const op = startOp(ctx, { id: rec.id, location: String(rec.body.location) }, spec.name, "vm.power", "vm.power", {
      after: spec.after,
    });
    ctx.sim.changed();
    return { status: 202, headers: ctx.sim.ops.headers(op, "action+async") };
  };
}

function listAvailableSizes(ctx: Ctx) {
  // While allocated only the current hardware cluster's sizes; all of the region's once deallocated.
  return json({ value: availableSizes(getTracked(ctx, TYPES.vm, ctx.params.vm ?? "")) });
}

/** Part of the virtualMachines module (vms.ts). */
export const powerEffects: Record<string, Effect> = {
  "vm.power": (sim, op) => {
    const rec = sim.state.get(op.resourceId);
    if (!rec) return;
    rec.meta.powerState = String(op.args.after);
    if (op.args.after === "running") rec.meta.runningSince = Date.now();
  },
};

export const powerRoutes: RouteSpec[] = [
  {
    method: "GET",
    path: `${VM}/instanceview`,
    operation: "virtualMachines.instanceView",
    handler: getInstanceView,
    nameParam: "vm",
    computePolicy: "LowCostGet",
  },
  {
    method: "GET",
    path: `${VM}/vmsizes`,
    operation: "virtualMachines.listAvailableSizes",
    handler: listAvailableSizes,
    nameParam: "vm",
    computePolicy: "LowCostGet",
  },
  ...Object.keys(ACTIONS).map((a): RouteSpec => ({
    method: "POST",
    path: `${VM}/${a}`,
    operation: `virtualMachines.${a === "poweroff" ? "powerOff" : a}`,
    handler: powerAction(a),
    nameParam: "vm",
    // Deallocate counts as a delete; start, power off and restart as updates (ARM-REFERENCE §7.2).
    computePolicy: a === "deallocate" ? "DeleteVM" : "UpdateVM",
  })),
];
