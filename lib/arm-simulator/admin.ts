import type { ServerResponse } from "node:http";
import { guestAccounts } from "./handlers/vm-access";
import { asArray, asObject, asString, clone } from "./http";
import { parseId } from "./ids";
import { send } from "./server";
import type { Sim } from "./sim";
import type { FaultRule, JsonObject, LatencyProfile, ThrottleSettings } from "./types";
import { PROFILES } from "./types";

export interface InventoryItem {
  id: string;
  type: string;
  name: string;
  resourceGroup: string;
  location?: string;
  provisioningState?: string;
  tags?: Record<string, string>;
  parentId?: string;
  peeringState?: string;
}

export interface SimConfigPatch {
  profile?: LatencyProfile;
  timeScale?: number;
  throttle?: Partial<ThrottleSettings>;
  pageSize?: number;
}

/** Every resource, child resource and gateway entry: what a leak check compares against. */
export function inventory(sim: Sim): { resources: InventoryItem[] } {
  sim.ops.settleDue();
  const out: InventoryItem[] = [];
  for (const rec of sim.state.list()) {
    const p = asObject(rec.body.properties);
    const parsed = parseId(rec.id);
    const rg = parsed?.resourceGroup ?? String(rec.body.name);
    out.push({
      id: rec.id,
      type: rec.type,
      name: String(rec.body.name),
      resourceGroup: rg,
      location: asString(rec.body.location),
      provisioningState: asString(p.provisioningState),
      tags: asObject(rec.body.tags) as Record<string, string>,
    });
    for (const key of [
      "subnets",
      "virtualNetworkPeerings",
      "backendAddressPools",
      "backendHttpSettingsCollection",
      "httpListeners",
      "requestRoutingRules",
      "probes",
    ]) {
      for (const child of asArray(p[key]).map((c) => asObject(c))) {
        const cp = asObject(child.properties);
        out.push({
          id: String(child.id),
          type: String(child.type ?? `${rec.type}/${key}`),
          name: String(child.name),
          resourceGroup: rg,
          parentId: rec.id,
          provisioningState: asString(cp.provisioningState),
          peeringState: asString(cp.peeringState),
        });
      }
    }
  }
  return { resources: out };
}

export function configure(sim: Sim, patch: SimConfigPatch): JsonObject {
  if (patch.profile !== undefined) {
    if (!PROFILES.includes(patch.profile)) throw new Error(`unknown profile ${patch.profile}`);
    sim.latency.profile = patch.profile;
  }
  if (patch.timeScale !== undefined) {
    if (!(patch.timeScale > 0)) throw new Error("timeScale must be > 0");
    sim.latency.timeScale = patch.timeScale;
  }
  if (patch.throttle) sim.throttle.configure(patch.throttle);
  if (patch.pageSize !== undefined) sim.pageSize = Math.max(1, Math.floor(patch.pageSize));
  return currentConfig(sim);
}

export function currentConfig(sim: Sim): JsonObject {
  return {
    subscriptionId: sim.subscriptionId,
    profile: sim.latency.profile,
    timeScale: sim.latency.timeScale,
    throttle: clone(sim.throttle.settings) as unknown as JsonObject,
    pageSize: sim.pageSize,
  };
}

export function setQuota(sim: Sim, name: string, limit: number, location = "*"): void {
  sim.state.quotaOverrides[`${location}/${name}`.toLowerCase()] = limit;
  sim.changed();
}

export interface AdminHooks {
  reset(opts: { seedHub?: boolean }): void;
}

/** HTTP face of the admin API under /_sim/. */
export function handleAdmin(
  sim: Sim,
  hooks: AdminHooks,
  method: string,
  path: string,
  url: URL,
  raw: string,
  res: ServerResponse,
): void {
  const body = raw.trim() ? (JSON.parse(raw) as unknown) : undefined;
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  const faultId = /^DELETE \/_sim\/faults\/(.+)$/.exec(route)?.[1];
  try {
    if (route === "GET /_sim/health") return send(res, 200, { ok: true });
    if (route === "GET /_sim/inventory")
      return send(res, 200, filterInventory(inventory(sim), url) as unknown as JsonObject);
    if (route === "GET /_sim/requests") return send(res, 200, sim.log.snapshot() as unknown as JsonObject);
    if (route === "DELETE /_sim/requests") return (sim.log.reset(), send(res, 204, undefined));
    if (route === "GET /_sim/faults") return send(res, 200, { value: sim.faults.list() as unknown as JsonObject[] });
    if (route === "POST /_sim/faults") {
      const rules = (Array.isArray(body) ? body : [body]) as FaultRule[];
      return send(res, 201, { ids: sim.faults.addAll(rules) });
    }
    if (route === "DELETE /_sim/faults") return (sim.faults.clear(), send(res, 204, undefined));
    if (faultId) return send(res, sim.faults.remove(decodeURIComponent(faultId)) ? 204 : 404, undefined);
    if (route === "POST /_sim/reset") return (hooks.reset(asObject(body as JsonObject)), send(res, 200, { ok: true }));
    if (route === "GET /_sim/config") return send(res, 200, currentConfig(sim));
    if (route === "PUT /_sim/config" || route === "PATCH /_sim/config")
      return send(res, 200, configure(sim, (body ?? {}) as SimConfigPatch));
    if (route === "PUT /_sim/quota") {
      const q = asObject(body as JsonObject);
      setQuota(sim, String(q.name), Number(q.limit), asString(q.location) ?? "*");
      return send(res, 200, { quotaOverrides: sim.state.quotaOverrides });
    }
    if (route === "GET /_sim/guest") {
      sim.ops.settleDue();
      const guest = guestAccounts(sim.state.get(url.searchParams.get("id") ?? ""));
      return send(res, guest ? 200 : 404, guest ?? { error: { code: "NotFound", message: "No such VM" } });
    }
    if (route === "GET /_sim/operations")
      return send(res, 200, { value: [...sim.state.operations.values()].slice(-500) as unknown as JsonObject[] });
    send(res, 404, { error: { code: "NotFound", message: `No admin route ${route}` } });
  } catch (err) {
    send(res, 400, { error: { code: "BadRequest", message: err instanceof Error ? err.message : String(err) } });
  }
}

function filterInventory(inv: { resources: InventoryItem[] }, url: URL) {
  const rg = url.searchParams.get("resourceGroup")?.toLowerCase();
  const type = url.searchParams.get("type")?.toLowerCase();
  const tag = url.searchParams.get("tag"); // "name=value"
  const [tagName, tagValue] = tag ? tag.split("=") : [];
  return {
    resources: inv.resources.filter(
      (r) =>
        (!rg || r.resourceGroup.toLowerCase() === rg) &&
        (!type || r.type.toLowerCase() === type) &&
        (!tagName || (r.tags?.[tagName] !== undefined && (tagValue === undefined || r.tags[tagName] === tagValue))),
    ),
  };
}
