/** update_agw and remove_agw_entries: "set desired, then wait until applied generation ≥ mine". */
import { metrics } from "@/lib/metrics/registry";
import type { SpokeGatewayEntry } from "@/lib/network/gateway-entries";
import { setDesiredGatewayEntry, waitForGatewayGeneration } from "../gateway/desired";
import { hubKey, type SpokeConfig } from "@/lib/ledger/spoke-config";
import { NotReadyError, type StepContext, type StepDefinition } from "../step-types";

/** One wait lasts at most this long before the step's retry policy takes over. */
const WAIT_MS = 90_000;

export function gatewayNames(config: SpokeConfig): SpokeGatewayEntry["names"] {
  const a = config.names.agw;
  return { backendPool: a.backendPool, httpSettings: a.httpSettings, listener: a.listener, routingRule: a.routingRule, priority: a.priority, hostName: a.hostName };
}

async function setAndWait(ctx: StepContext, entry: SpokeGatewayEntry | null) {
  const hub = hubKey(ctx.config.hub);
  const names = gatewayNames(ctx.config);
  const generation = await ctx.deps.db.transaction((tx) => setDesiredGatewayEntry(tx, hub, ctx.spoke.id, names, entry));
  await ctx.deps.enqueueGatewayReconcile(hub);
  const started = Date.now();
  const observe = (outcome: string) => metrics().gatewayQueueWait.observe({ step: entry ? "update_agw" : "remove_agw_entries", outcome }, (Date.now() - started) / 1000);
  try {
    const { applied } = await waitForGatewayGeneration(ctx.deps.db, hub, ctx.spoke.id, generation, {
      signal: ctx.signal,
      timeoutMs: WAIT_MS,
      nudge: () => ctx.deps.enqueueGatewayReconcile(hub),
    });
    observe("applied");
    return { generation, applied };
  } catch (err) {
    observe("error");
    throw err;
  }
}

export const updateAgw: StepDefinition = {
  key: "update_agw",
  async run(ctx) {
    const ip = ctx.outputsOf("create_nic")?.privateIp;
    if (typeof ip !== "string") throw new NotReadyError("NicHasNoAddress", "The NIC's private IP is not known yet");
    const { config } = ctx;
    const result = await setAndWait(ctx, { clientName: config.clientName, spokeNumber: config.spokeNumber, backendIp: ip, names: gatewayNames(config) });
    return { ...result, backendIp: ip, pool: config.names.agw.backendPool, rule: config.names.agw.routingRule, priority: config.names.agw.priority, host: config.names.agw.hostName };
  },
};

export const removeAgwEntries: StepDefinition = {
  key: "remove_agw_entries",
  teardown: true,
  async run(ctx) {
    return setAndWait(ctx, null);
  },
};
