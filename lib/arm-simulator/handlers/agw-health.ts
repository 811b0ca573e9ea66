import type { Effect } from "../context";
import { asArray, asObject, asString, type Ctx } from "../http";
import type { RouteSpec } from "../module";
import type { SimContext } from "../context";
import type { JsonObject, ResourceRecord } from "../types";
import { TYPES, getTracked, refId, startOp } from "./common";

const PROBE_INTERVAL_MS = 30_000;

export function backendAddresses(agw: ResourceRecord): string[] {
  const out: string[] = [];
  for (const pool of asArray(asObject(agw.body.properties).backendAddressPools)) {
    for (const a of asArray(asObject(asObject(pool).properties).backendAddresses)) {
      const addr = asString(asObject(a).ipAddress) ?? asString(asObject(a).fqdn);
      if (addr && !out.includes(addr)) out.push(addr);
    }
  }
  return out;
}

/** Up once the VM behind the address runs and a probe interval has passed; Down if stopped or gone. */
function serverHealth(sim: SimContext, agw: ResourceRecord, address: string, intervalMs: number): JsonObject {
  const nic = sim.state
    .list(TYPES.nic)
    .find((n) =>
      asArray(asObject(n.body.properties).ipConfigurations).some(
        (c) => asObject(asObject(c).properties).privateIPAddress === address,
      ),
    );
  const vm = nic ? sim.state.get(refId(asObject(nic.body.properties).virtualMachine) ?? "") : undefined;
  const since = asObject(agw.meta.backendSince)[address];
  const base: JsonObject = { address };
  if (nic)
    base.ipConfiguration = { id: String(asObject(asArray(asObject(nic.body.properties).ipConfigurations)[0]).id) };
  if (!vm)
    return {
      ...base,
      health: nic || !/^[\d.]+$/.test(address) ? "Down" : "Down",
      healthProbeLog:
        "Time taken by the backend to respond to application gateway's health probe is more than the time-out threshold in the probe configuration.",
    };
  const power = vm.meta.powerState;
  if (power !== "running") {
    const starting = power === "starting";
    return {
      ...base,
      health: starting ? "Unknown" : "Down",
      healthProbeLog: starting ? "Health probe has not yet run." : "Cannot connect to backend server.",
    };
  }
  const runningSince = typeof vm.meta.runningSince === "number" ? vm.meta.runningSince : 0;
  const ready = Math.max(runningSince, typeof since === "number" ? since : Date.now()) + sim.latency.scaled(intervalMs);
  if (Date.now() < ready) return { ...base, health: "Unknown", healthProbeLog: "Health probe has not yet run." };
  return { ...base, health: "Up", healthProbeLog: "Success. Received 200 status code" };
}

export function computeHealth(sim: SimContext, agw: ResourceRecord): JsonObject {
  const p = asObject(agw.body.properties);
  const rules = asArray(p.requestRoutingRules).map((r) => asObject(asObject(r).properties));
  const settings = asArray(p.backendHttpSettingsCollection).map((s) => asObject(s));
  const pools = asArray(p.backendAddressPools).map((pool) => {
    const poolObj = asObject(pool);
    const poolId = String(poolObj.id).toLowerCase();
    const used = rules
      .filter((r) => refId(r.backendAddressPool)?.toLowerCase() === poolId)
      .map((r) => refId(r.backendHttpSettings)?.toLowerCase());
    const chosen = settings.filter((s) => used.includes(String(s.id).toLowerCase()));
    // The first probe runs one interval after the backend appears: the custom probe's, else the default 30 s.
    const probeId = refId(asObject(asObject(chosen[0]).properties).probe)?.toLowerCase();
    const probe = asArray(p.probes)
      .map((x) => asObject(x))
      .find((x) => String(x.id).toLowerCase() === probeId);
    const interval = asObject(probe?.properties).interval;
    const intervalMs = typeof interval === "number" ? interval * 1000 : PROBE_INTERVAL_MS;
    const servers = asArray(asObject(poolObj.properties).backendAddresses).map((a) => {
      const address = asString(asObject(a).ipAddress) ?? asString(asObject(a).fqdn) ?? "";
      return serverHealth(sim, agw, address, intervalMs);
    });
    return {
      backendAddressPool: { id: String(poolObj.id) },
      backendHttpSettingsCollection: (chosen.length ? chosen : settings.slice(0, 1)).map((s) => ({
        backendHttpSettings: { id: String(s.id) },
        servers,
      })),
    };
  });
  return { backendAddressPools: pools };
}

function postHealth(ctx: Ctx) {
  const agw = getTracked(ctx, TYPES.agw, ctx.params.agw ?? "");
  const op = startOp(
    ctx,
    { id: agw.id, location: String(agw.body.location) },
    "GetApplicationGatewayBackendHealthOperation",
    "agw.health",
    "agw.health",
  );
  // Health is read-only: the operation must not hold the gateway against writes.
  op.resourceId = `${agw.id}/backendhealth`;
  return { status: 202, headers: ctx.sim.ops.headers(op, "action") };
}

/** Part of the applicationGateways module (agw.ts). */
export const healthEffects: Record<string, Effect> = {
  "agw.health": (sim, op) => {
    const agw = sim.state.get(op.resourceId.replace(/\/backendhealth$/i, ""));
    op.result = agw ? computeHealth(sim, agw) : { backendAddressPools: [] };
    op.resultStatus = 200;
  },
};

export const healthRoutes: RouteSpec[] = [
  {
    method: "POST",
    path: "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/applicationgateways/{agw}/backendhealth",
    operation: "applicationGateways.backendHealth",
    handler: postHealth,
    nameParam: "agw",
  },
];
