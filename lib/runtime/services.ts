/**
 * The process's composed services: database, Azure (the embedded simulator, a standalone one, or
 * a real subscription) and the job worker. Built once by boot(); routes and actions await them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { getDbHandle, type DbHandle } from "@/db";
import { startArmSimulator, type ArmSimulator } from "@/lib/arm-simulator";
import { createAzureGateway } from "@/lib/azure";
import type { AzureGateway } from "@/lib/azure/types";
import { env, hubConfig, type HubConfig } from "@/lib/env";
import { admissionCapacity } from "@/lib/orchestrator/admission";
import { log } from "@/lib/log";
import { startWorker, type Worker } from "@/lib/orchestrator/worker";
import { checkSpokeDrift } from "@/lib/drift/check";
import { startDriftSchedule } from "@/lib/drift/scheduler";
import { startOrphanSchedule } from "@/lib/sweep/schedule";
import { setSubsystem } from "./boot-state";

export interface Services {
  handle: DbHandle;
  azure: AzureGateway;
  hub: HubConfig;
  worker: Worker;
  /** The embedded simulator, when this process runs one. */
  simulator?: ArmSimulator;
  simulatorUrl?: string;
}

const g = globalThis as unknown as { __hscServices?: Promise<Services> };

export function getServices(): Promise<Services> {
  g.__hscServices ??= compose().catch((err: unknown) => {
    g.__hscServices = undefined;
    throw err;
  });
  return g.__hscServices;
}

/** Azure for this process: a real subscription, a standalone simulator, or an embedded one (DATA_DIR). */
export async function azureFor(): Promise<{ azure: AzureGateway; simulator?: ArmSimulator; url?: string }> {
  const e = env();
  if (e.AZURE_MODE === "azure") {
    // safe because env validation requires the subscription id in azure mode
    const budget = { instances: e.ARM_BUDGET_INSTANCES };
    return { azure: createAzureGateway({ mode: "azure", subscriptionId: e.AZURE_SUBSCRIPTION_ID as string, budget }) };
  }
  // Scaled simulator latencies are short; the SDK's default 2 s poll would dominate them.
  const pollMs = Math.max(20, Math.round(1000 * Math.min(1, e.SIM_TIME_SCALE)));
  // The simulator refills ARM's buckets in scaled time; the budget plans with the same clock.
  const budget = { instances: e.ARM_BUDGET_INSTANCES, timeScale: e.SIM_TIME_SCALE };
  if (e.ARM_SIMULATOR_URL) {
    const caFile = e.ARM_SIMULATOR_CA_FILE ?? path.join(e.DATA_DIR, "arm-simulator", "ca.pem");
    const caPem = readFileSync(caFile, "utf8");
    const subscriptionId = e.AZURE_SUBSCRIPTION_ID ?? "00000000-0000-0000-0000-000000000000";
    return {
      azure: createAzureGateway({
        mode: "simulator",
        endpoint: e.ARM_SIMULATOR_URL,
        caPem,
        subscriptionId,
        defaultPollIntervalMs: pollMs,
        budget,
      }),
      url: e.ARM_SIMULATOR_URL,
    };
  }
  const simulator = await startArmSimulator({
    port: e.SIM_PORT,
    dataDir: path.join(e.DATA_DIR, "arm-simulator"),
    profile: e.SIM_PROFILE,
    timeScale: e.SIM_TIME_SCALE,
    location: e.AZURE_LOCATION,
    faults: e.SIM_FAULTS,
  });
  const azure = createAzureGateway({
    mode: "simulator",
    endpoint: simulator.url,
    caPem: simulator.caPem,
    subscriptionId: simulator.subscriptionId,
    defaultPollIntervalMs: pollMs,
    budget,
  });
  return { azure, simulator, url: simulator.url };
}

async function compose(): Promise<Services> {
  const e = env();
  const handle = await getDbHandle();
  const { azure, simulator, url } = await azureFor();
  setSubsystem("simulator", {
    status: "ok",
    detail: { mode: e.AZURE_MODE, ...(url ? { simulator_url: url, embedded: Boolean(simulator) } : {}) },
  });
  const worker = await startWorker({
    handle,
    azure,
    enableRollback: e.ENABLE_ROLLBACK,
    timeScale: e.AZURE_MODE === "simulator" ? e.SIM_TIME_SCALE : 1,
    concurrency: e.WORKER_CONCURRENCY,
    enqueueOnly: !e.RUN_WORKER,
    sequential: e.ORCHESTRATOR_SEQUENTIAL,
    admissionLimit: e.ARM_ADMISSION_LIMIT || undefined,
    queue: {
      heartbeatSeconds: e.QUEUE_HEARTBEAT_SECONDS,
      superviseIntervalSeconds: e.QUEUE_SUPERVISE_SECONDS,
      retryDelaySeconds: e.QUEUE_RETRY_DELAY_SECONDS,
      webhookRetryLimit: e.WEBHOOK_RETRY_LIMIT,
      webhookRetryDelaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS,
    },
    webhooks: { allowPrivate: e.WEBHOOK_ALLOW_PRIVATE_TARGETS, timeoutMs: e.WEBHOOK_TIMEOUT_MS },
    // A finished update (a PATCH or a Repair) re-checks the spoke's drift: a Repair ends in_sync.
    afterUpdate: async (spokeId) => void (await checkSpokeDrift({ db: handle.db, azure }, spokeId)),
  });
  // Drift checks and the orphan report run beside the worker (one instance at a time, by lease).
  if (e.RUN_WORKER && e.DRIFT_CHECK_INTERVAL_SECONDS > 0) {
    startDriftSchedule({
      db: handle.db,
      azure,
      intervalMs: e.DRIFT_CHECK_INTERVAL_SECONDS * 1000,
      owner: worker.deps.workerId,
    });
  }
  if (e.RUN_WORKER && e.ORPHAN_SWEEP_INTERVAL_SECONDS > 0) {
    const h = hubConfig(e);
    startOrphanSchedule({
      db: handle.db,
      azure,
      hub: { resourceGroup: h.hubResourceGroup, vnetName: h.hubVnetName, gatewayName: h.gatewayName },
      intervalMs: e.ORPHAN_SWEEP_INTERVAL_SECONDS * 1000,
      owner: worker.deps.workerId,
    });
  }
  setSubsystem("worker", {
    status: e.RUN_WORKER ? "ok" : "disabled",
    detail: {
      id: worker.deps.workerId,
      concurrency: e.WORKER_CONCURRENCY,
      admission_limit: worker.deps.admissionLimit ?? admissionCapacity(),
    },
  });
  log.info("services ready", { azure: e.AZURE_MODE, simulator: url, worker: worker.deps.workerId });
  return { handle, azure, hub: hubConfig(e), worker, simulator, simulatorUrl: url };
}
