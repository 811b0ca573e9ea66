/** update_agw and remove_agw_entries: "set desired, then wait until applied generation ≥ mine". */
import { metrics } from "@/lib/metrics/registry";
import { SPOKE_BACKEND_PORT, type SpokeGatewayEntry } from "@/lib/network/gateway-entries";
import { setDesiredGatewayEntry, waitForGatewayGeneration } from "../gateway/desired";
import { hubKey, type SpokeConfig, type SpokeRouting } from "@/lib/ledger/spoke-config";
import { defineStep, NotReadyError, type StepContext } from "../step-types";
import { teardownInputs } from "./common";
import { createNic } from "./create-compute";

/** One wait lasts at most this long before the step's retry policy takes over. */
const WAIT_MS = 90_000;
/** …unless the writer is busy with a PUT: then up to Azure's slowest documented gateway update (Azure time). */
const BUSY_WAIT_AZURE_MS = 60 * 60_000;
/** The gateway steps wait for the single writer's merged PUT (ARCHITECTURE.md §7). */
const GATEWAY_RETRY = { timeBudgetMs: 20 * 60_000 };

export const DEFAULT_ROUTING: SpokeRouting = { backendPort: SPOKE_BACKEND_PORT, backendProtocol: "Http" };

export function gatewayNames(config: SpokeConfig): SpokeGatewayEntry["names"] {
  const a = config.names.agw;
  // `probe` is absent in configurations recorded before probes existed: those keep the default probe.
  return {
    backendPool: a.backendPool,
    httpSettings: a.httpSettings,
    listener: a.listener,
    routingRule: a.routingRule,
    priority: a.priority,
    hostName: a.hostName,
    ...(a.probe ? { probe: a.probe } : {}),
  };
}

/** This spoke's wish for the gateway, as the single writer stores it. */
export function gatewayEntryFor(config: SpokeConfig, backendIp: string | null): SpokeGatewayEntry {
  const backend = config.routing
    ? { backend: { port: config.routing.backendPort, protocol: config.routing.backendProtocol } }
    : {};
  const probe = config.routing?.healthProbePath ? { probePath: config.routing.healthProbePath } : {};
  return {
    clientName: config.clientName,
    spokeNumber: config.spokeNumber,
    backendIp,
    names: gatewayNames(config),
    ...backend,
    ...probe,
  };
}

async function setAndWait(ctx: StepContext, entry: SpokeGatewayEntry | null) {
  const hub = hubKey(ctx.config.hub);
  const names = gatewayNames(ctx.config);
  const generation = await ctx.deps.db.transaction((tx) => setDesiredGatewayEntry(tx, hub, ctx.spoke.id, names, entry));
  await ctx.deps.enqueueGatewayReconcile(hub);
  const started = Date.now();
  const observe = (outcome: string) =>
    metrics().gatewayQueueWait.observe(
      { step: entry ? "update_agw" : "remove_agw_entries", outcome },
      (Date.now() - started) / 1000,
    );
  try {
    const { applied } = await waitForGatewayGeneration(ctx.deps.db, hub, ctx.spoke.id, generation, {
      signal: ctx.signal,
      timeoutMs: WAIT_MS,
      busyTimeoutMs: BUSY_WAIT_AZURE_MS * ctx.deps.timeScale,
      nudge: () => ctx.deps.enqueueGatewayReconcile(hub),
    });
    observe("applied");
    return { generation, applied };
  } catch (err) {
    observe("error");
    throw err;
  }
}

export const updateAgw = defineStep({
  key: "update_agw",
  label: "Configure application gateway",
  dependsOn: ["create_nic"],
  retry: GATEWAY_RETRY,
  inputs: (config) => ({
    hub: hubKey(config.hub),
    names: gatewayNames(config),
    routing: config.routing ?? DEFAULT_ROUTING,
  }),
  async run(ctx, i) {
    const ip = ctx.outputsOf(createNic)?.privateIp;
    if (typeof ip !== "string") throw new NotReadyError("NicHasNoAddress", "The NIC's private IP is not known yet");
    const result = await setAndWait(ctx, gatewayEntryFor(ctx.config, ip));
    return {
      ...result,
      backendIp: ip,
      pool: i.names.backendPool,
      rule: i.names.routingRule,
      priority: i.names.priority,
      host: i.names.hostName,
    };
  },
});

export const removeAgwEntries = defineStep({
  key: "remove_agw_entries",
  label: "Remove application gateway entries",
  dependsOn: [],
  retry: GATEWAY_RETRY,
  teardown: true,
  inputs: teardownInputs,
  async run(ctx) {
    return setAndWait(ctx, null);
  },
});
