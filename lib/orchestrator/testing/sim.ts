/**
 * Test helpers over the in-process ARM simulator: inventory snapshots and diffs (leak and
 * duplicate checks), faults armed at an exact point of the request stream, and the request log.
 * Tests only.
 */
import type { ArmSimulator, FaultRule, InventoryItem } from "@/lib/arm-simulator";

export type Item = Pick<
  InventoryItem,
  "id" | "type" | "name" | "resourceGroup" | "provisioningState" | "peeringState" | "tags"
>;

/** The whole cloud, normalised and sorted: hub VNet peerings and gateway entries included. */
export function snapshot(sim: ArmSimulator): Item[] {
  return sim
    .inventory()
    .resources.map((r) => ({
      id: r.id.toLowerCase(),
      type: r.type,
      name: r.name,
      resourceGroup: r.resourceGroup,
      provisioningState: r.provisioningState,
      peeringState: r.peeringState,
      tags: r.tags,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `type:name` of what `after` holds and `before` did not (the short type, e.g. `subnets:spoke-3-vm-subnet`). */
export function added(before: Item[], after: Item[]): string[] {
  const had = new Set(before.map((r) => r.id));
  return after
    .filter((r) => !had.has(r.id))
    .map(label)
    .sort();
}

export function removed(before: Item[], after: Item[]): string[] {
  return added(after, before);
}

function label(r: Item): string {
  return `${r.type.split("/").pop()}:${r.name}`;
}

/** Exactly what one default spoke adds to the cloud (ARCHITECTURE.md §1), in `added()` form. */
export function spokeFootprint(n: number, client: string): string[] {
  return [
    `virtualNetworks:spoke-vnet-${n}`,
    ...["vm", "db", "kv", "workspace"].map((s) => `subnets:spoke-${n}-${s}-subnet`),
    `virtualNetworkPeerings:hub-to-spoke-${n}`,
    `virtualNetworkPeerings:spoke-${n}-to-hub`,
    `networkInterfaces:spoke-vm-${n}-nic`,
    `virtualMachines:spoke-vm-${n}`,
    `disks:spoke-vm-${n}-osdisk`,
    `backendAddressPools:${client}-pool`,
    `backendHttpSettingsCollection:${client}-http`,
    `httpListeners:${client}-listener`,
    `requestRoutingRules:${client}-route`,
    `probes:${client}-probe`,
  ].sort();
}

export interface RequestMatch {
  method: string;
  operation: string;
  /** Last path segment (the resource name), case-insensitive. */
  name?: string;
}

type Listener = (method: string, operation: string, path: string, status: number) => void;
const listeners = new WeakMap<ArmSimulator, Set<Listener>>();

/** Calls `fn` after every request the simulator records, synchronously, before it serves the next one. */
export function onRequest(sim: ArmSimulator, fn: Listener): () => void {
  let set = listeners.get(sim);
  if (!set) {
    const own = new Set<Listener>();
    set = own;
    listeners.set(sim, own);
    const log = sim.sim.log;
    const record = log.record.bind(log);
    log.record = (method, operation, path, status) => {
      record(method, operation, path, status);
      for (const l of [...own]) l(method, operation, path, status);
    };
  }
  set.add(fn);
  const mine = set;
  return () => void mine.delete(fn);
}

export function matches(m: RequestMatch, method: string, operation: string, path: string): boolean {
  return (
    method === m.method &&
    operation === m.operation &&
    (!m.name || path.toLowerCase().endsWith(`/${m.name.toLowerCase()}`))
  );
}

/**
 * Adds `rule` right after the `count`-th request matching `after` has been served. The hook runs
 * inside the simulator's request handling, so no later request can slip in before the fault is
 * armed (a step's GET shared with earlier steps is targeted exactly, without timing races).
 * `after.following` counts only requests served after the first one matching it (e.g. the gateway
 * GETs after the gateway PUT, whose number before it depends on what pre-flight found cached).
 */
export function armAfter(
  sim: ArmSimulator,
  after: RequestMatch & { count?: number; following?: RequestMatch },
  rule: FaultRule,
): void {
  const { following, ...own } = after;
  if (following) {
    const off = onRequest(sim, (method, operation, path) => {
      if (!matches(following, method, operation, path)) return;
      off();
      armAfter(sim, own, rule);
    });
    return;
  }
  let seen = 0;
  const off = onRequest(sim, (method, operation, path) => {
    if (!matches(own, method, operation, path)) return;
    seen += 1;
    if (seen < (own.count ?? 1)) return;
    off();
    sim.addFault(rule);
  });
}

export type LoggedRequest = ReturnType<ArmSimulator["requests"]>["recent"][number];

/** Recent requests matching `m`, oldest first; with `following`, only those after the first request matching it. */
export function requestsMatching(sim: ArmSimulator, m: RequestMatch, following?: RequestMatch): LoggedRequest[] {
  const log = sim.requests().recent;
  let start = 0;
  if (following) {
    const at = log.findIndex((r) => matches(following, r.method, r.operation, r.path));
    if (at < 0) return [];
    start = at + 1;
  }
  return log.slice(start).filter((r) => matches(m, r.method, r.operation, r.path));
}

/** Index in the recent log of the first request matching `m` (and, if given, with a 2xx status); -1 if none. */
export function firstIndex(sim: ArmSimulator, m: RequestMatch, opts: { ok?: boolean } = {}): number {
  return sim
    .requests()
    .recent.findIndex(
      (r) => matches(m, r.method, r.operation, r.path) && (!opts.ok || (r.status >= 200 && r.status < 300)),
    );
}

/** Writes (PUT/PATCH/DELETE and side-effecting POSTs) in the recent log. Backend health is a read modelled as a POST. */
export function writes(sim: ArmSimulator): LoggedRequest[] {
  return sim
    .requests()
    .recent.filter(
      (r) =>
        ["PUT", "PATCH", "DELETE"].includes(r.method) ||
        (r.method === "POST" && r.operation !== "applicationGateways.backendHealth"),
    );
}

/** The spoke side's PUT arrives late, so the hub side's PUT answers Initiated and verify_connectivity reads it. */
export const hubSideAnswersInitiated = (sim: ArmSimulator, n: number) =>
  sim.addFault({
    kind: "latency",
    operation: "virtualNetworkPeerings.createOrUpdate",
    name: `spoke-${n}-to-hub`,
    latencyMs: 300,
    times: 1,
  });
