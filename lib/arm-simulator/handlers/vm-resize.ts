import { ArmError, invalidParameter } from "../errors";
import { asObject, asString } from "../http";
import type { SimContext } from "../context";
import type { JsonObject, ResourceRecord } from "../types";
import { VM_SIZES, checkQuota, findSize, sizeEntries, skuNotAvailable, type VmSize } from "./catalog";

/**
 * Hardware clusters. A running (allocated) VM can only be resized to a size its current cluster
 * hosts; any other size needs a deallocation first, as Azure documents for resizing
 * (https://learn.microsoft.com/azure/virtual-machines/resize-vm). Two clusters are enough to
 * exercise both paths: the older families share one, the v5 family has its own.
 */
const CLUSTERS: readonly (readonly string[])[] = [
  ["standardBSFamily", "standardDSv3Family", "standardDSv2Family", "standardAv2Family", "standardFSv2Family"],
  ["standardDSv5Family"],
];

function clusterOfFamily(family: string): number {
  const i = CLUSTERS.findIndex((c) => c.includes(family));
  return i >= 0 ? i : CLUSTERS.length + VM_SIZES.findIndex((s) => s.family === family);
}

export function vmSizeOf(rec: ResourceRecord): string | undefined {
  return asString(asObject(asObject(rec.body.properties).hardwareProfile).vmSize);
}

export function isAllocated(rec: ResourceRecord): boolean {
  return rec.meta.powerState !== "deallocated";
}

/** The cluster an allocated VM sits on: one that hosts its size (a start after deallocation may pick any). */
export function clusterOf(rec: ResourceRecord): number {
  return clusterOfFamily(findSize(vmSizeOf(rec))?.family ?? "");
}

/** Sizes the VM can be resized to now: its cluster's while allocated, the region's once deallocated. */
export function availableSizes(rec: ResourceRecord): JsonObject[] {
  if (!isAllocated(rec)) return sizeEntries();
  const cluster = clusterOf(rec);
  const names = new Set(
    VM_SIZES.filter((s) => !s.restricted && clusterOfFamily(s.family) === cluster).map((s) => s.name),
  );
  return sizeEntries().filter((e) => names.has(String(e.name)));
}

/**
 * CRP's synchronous resize checks. Message as Azure words it, e.g. in
 * https://github.com/microsoft/service-fabric-issues/issues/472 and
 * https://github.com/AutomatedLab/AutomatedLab/issues/380 (code OperationNotAllowed, target vmSize).
 * Returns the new size, or undefined when the size does not change.
 */
export function checkResize(sim: SimContext, rec: ResourceRecord, requested: string, sub: string): VmSize | undefined {
  const current = findSize(vmSizeOf(rec));
  if (current && current.name.toLowerCase() === requested.toLowerCase()) return undefined;
  const size = findSize(requested);
  if (!size)
    throw invalidParameter(
      "vmSize",
      `The value ${requested} provided for the VM size is not valid. The valid sizes in the current region are: ${sizeEntries()
        .map((s) => String(s.name))
        .join(", ")}. Find out more on the available VM sizes at https://aka.ms/azure-regionservices.`,
    );
  const location = String(rec.body.location);
  if (size.restricted) throw skuNotAvailable(size.name, location);
  if (!isAllocated(rec)) return size;
  const hosted = availableSizes(rec).map((e) => String(e.name));
  if (!hosted.includes(size.name)) {
    throw new ArmError(
      409,
      "OperationNotAllowed",
      `Unable to resize the VM '${String(rec.body.name)}' because the requested size ${size.name} is not available in the current hardware cluster. The available sizes are: ${hosted.join(",")}. Read more on VM resizing strategy at https://aka.ms/azure-resizevm.`,
      { target: "vmSize" },
    );
  }
  const delta = size.vCpus - (current?.vCpus ?? 0);
  const familyExtra = current?.family === size.family ? delta : size.vCpus;
  if (delta > 0 || familyExtra > 0)
    checkQuota(sim, sub, location, size, false, Math.max(0, delta), Math.max(0, familyExtra));
  return size;
}

/** Power phases a running VM goes through while it is resized (it restarts on the new size). */
export const RESIZE_PHASES = ["stopping", "stopped", "starting"] as const;

/** The power state the instance view shows: a phase of a running resize, else the stored state. */
export function currentPowerState(rec: ResourceRecord, now = Date.now()): string {
  const t = asObject(rec.meta.transition);
  const phases = Array.isArray(t.phases) ? t.phases.map(String) : [];
  const from = Number(t.from);
  const to = Number(t.to);
  if (phases.length > 0 && Number.isFinite(from) && Number.isFinite(to) && now < to) {
    const i = Math.min(
      phases.length - 1,
      Math.max(0, Math.floor(((now - from) / Math.max(1, to - from)) * phases.length)),
    );
    return phases[i] ?? "running";
  }
  return typeof rec.meta.powerState === "string" ? rec.meta.powerState : "running";
}
