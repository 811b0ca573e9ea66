/**
 * Runs one hub bootstrap to its end with the spoke orchestrator's machinery: the same DAG runner,
 * error classifier and retry policy; each attempt, retry and outcome persisted with its event.
 */
import { writeAudit } from "@/lib/audit";
import {
  ensureGateway,
  ensurePublicIp,
  ensureResourceGroup,
  ensureSubnet,
  ensureVnet,
  type EnsureResult,
  type HubSettings,
} from "@/lib/azure/hub-ensure";
import type { AzureGateway, LroOptions } from "@/lib/azure/types";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { gatewayState } from "@/db/schema";
import { log } from "@/lib/log";
import { classifyError } from "@/lib/orchestrator/classify";
import { runDag, type StatusMap } from "@/lib/orchestrator/dag";
import { decideRetry } from "@/lib/orchestrator/retry-policy";
import { abortableSleep } from "@/lib/orchestrator/step-executor";
import { HEARTBEAT_MS, hubChange, loadRun, setHubDeployment, upsertHubStep } from "./store";
import { HUB_BOOTSTRAP_WORKFLOW, HUB_STEP_LABELS, type HubStepKey } from "./workflow";

export interface HubRunDeps {
  db: Db;
  azure: AzureGateway;
  hub: HubSettings;
  /** Multiplies retry back-off (SIM_TIME_SCALE against the simulator, 1 against Azure). */
  timeScale: number;
  pollIntervalMs?: number;
}

type HubStep = (azure: AzureGateway, hub: HubSettings, lro: LroOptions) => Promise<EnsureResult>;

const STEPS: Record<HubStepKey, HubStep> = {
  ensure_resource_group: ensureResourceGroup,
  ensure_vnet: ensureVnet,
  ensure_hub_subnet: (a, h, o) => ensureSubnet(a, h, "hubSubnet", o),
  ensure_agw_subnet: (a, h, o) => ensureSubnet(a, h, "agwSubnet", o),
  ensure_public_ip: ensurePublicIp,
  ensure_gateway: async (a, h, o) => {
    const { gateway: _view, ...result } = await ensureGateway(a, h, o);
    return result;
  },
};

export interface BootstrapReport {
  created: string[];
  existing: string[];
  differences: { resource: string; difference: string }[];
}

function describe(r: EnsureResult): string {
  if (r.action === "created") return `${r.resource}: created`;
  return r.differences.length
    ? `${r.resource}: exists, left as it is (differs: ${r.differences.join("; ")})`
    : `${r.resource}: exists, as expected`;
}

async function executeHubStep(
  deps: HubRunDeps,
  deploymentId: string,
  key: HubStepKey,
  signal: AbortSignal,
  results: Map<string, EnsureResult>,
): Promise<"succeeded" | "failed"> {
  const label = HUB_STEP_LABELS[key];
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    await hubChange(deps.db, deploymentId, async (tx) => {
      await upsertHubStep(tx, deploymentId, key, {
        status: "running",
        attempts: attempt,
        startedAt: new Date(started),
        finishedAt: null,
      });
      return {
        events: [
          {
            type: "step.started",
            step: key,
            attempt,
            message: `${label}${attempt > 1 ? ` (attempt ${attempt})` : ""}`,
          },
        ],
      };
    });
    try {
      const result = await STEPS[key](deps.azure, deps.hub, { signal, pollIntervalMs: deps.pollIntervalMs });
      results.set(key, result);
      const outputs = { ...result };
      await hubChange(deps.db, deploymentId, async (tx) => {
        await upsertHubStep(tx, deploymentId, key, {
          status: "succeeded",
          finishedAt: new Date(),
          outputs,
          errorCode: null,
          errorClass: null,
          errorMessage: null,
        });
        return {
          events: [
            {
              type: "step.succeeded",
              step: key,
              attempt,
              level: result.differences.length ? "warn" : "info",
              message: describe(result),
              data: { outputs },
            },
          ],
        };
      });
      return "succeeded";
    } catch (err) {
      const error = classifyError(err);
      const decision = decideRetry({
        error,
        attempt,
        elapsedMs: Date.now() - started,
        policy: {},
        scale: deps.timeScale,
      });
      if (decision.retry) {
        await hubChange(deps.db, deploymentId, async (tx) => {
          await upsertHubStep(tx, deploymentId, key, {
            errorCode: error.code,
            errorClass: error.class,
            errorMessage: error.message,
          });
          return {
            events: [
              {
                type: "step.retrying",
                step: key,
                attempt,
                level: "warn",
                message: `${label}: ${error.code}, retrying in ${(decision.delayMs / 1000).toFixed(1)} s`,
                data: { error },
              },
            ],
          };
        });
        await abortableSleep(decision.delayMs, signal);
        continue;
      }
      await hubChange(deps.db, deploymentId, async (tx) => {
        await upsertHubStep(tx, deploymentId, key, {
          status: "failed",
          finishedAt: new Date(),
          errorCode: error.code,
          errorClass: error.class,
          errorMessage: error.message,
        });
        return {
          events: [
            {
              type: "step.failed",
              step: key,
              attempt,
              level: "error",
              message: `${label} failed: ${error.code}: ${error.message}`,
              data: { error, reason: decision.reason },
            },
          ],
        };
      });
      return "failed";
    }
  }
}

/** Runs a queued bootstrap (see startHubBootstrap) to succeeded or failed. Never throws for an Azure failure. */
export async function runHubBootstrap(deps: HubRunDeps, deploymentId: string): Promise<void> {
  const loaded = await loadRun(deps.db, deploymentId);
  if (!loaded || loaded.run.status !== "queued") return;
  await hubChange(deps.db, deploymentId, async (tx) => {
    await setHubDeployment(tx, deploymentId, { status: "running", startedAt: new Date() });
    return {
      events: [
        {
          type: "deployment.started",
          message: `Bootstrapping hub ${deps.hub.vnetName} in ${deps.hub.resourceGroup} (${deps.hub.location})`,
        },
      ],
    };
  });
  const heartbeat = setInterval(() => {
    setHubDeployment(deps.db, deploymentId, { heartbeatAt: new Date() }).catch(() => {}); // the next tick retries
  }, HEARTBEAT_MS);
  const controller = new AbortController();
  const results = new Map<string, EnsureResult>();
  try {
    const statuses = await runDag(HUB_BOOTSTRAP_WORKFLOW, {
      signal: controller.signal,
      executeStep: (node) => executeHubStep(deps, deploymentId, node.key, controller.signal, results),
      onStepError: (node, err) => log.error("hub step crashed", { deploymentId, step: node.key, err: String(err) }),
    });
    await finish(deps, loaded.run, statuses, results);
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * A gateway created in place of one someone deleted has only the defaults. The writer skips a hub
 * whose applied generation is current, so ask for one more: the worker's sweep then reconciles and
 * puts every live spoke's entries back with one PUT. No row means no spoke ever used this hub.
 */
async function requestGatewayReapply(tx: Tx, hub: string): Promise<boolean> {
  const rows = await tx
    .update(gatewayState)
    .set({ desiredGeneration: sql`${gatewayState.desiredGeneration} + 1` })
    .where(eq(gatewayState.hub, hub))
    .returning({ hub: gatewayState.hub });
  return rows.length > 0;
}

async function finish(
  deps: HubRunDeps,
  run: { id: string; hub: string; requestedBy: string | null },
  statuses: StatusMap,
  results: Map<string, EnsureResult>,
) {
  const deploymentId = run.id;
  const actorId = run.requestedBy;
  const all = [...results.values()];
  const report: BootstrapReport = {
    created: all.filter((r) => r.action === "created").map((r) => r.resource),
    existing: all.filter((r) => r.action === "existing").map((r) => r.resource),
    differences: all.flatMap((r) => r.differences.map((difference) => ({ resource: r.resource, difference }))),
  };
  const failedKey = HUB_BOOTSTRAP_WORKFLOW.find((s) => statuses[s.key] === "failed")?.key;
  const ok = HUB_BOOTSTRAP_WORKFLOW.every((s) => statuses[s.key] === "succeeded");
  const loaded = await loadRun(deps.db, deploymentId);
  const failedStep = loaded?.steps.find((s) => s.key === failedKey);
  await hubChange(deps.db, deploymentId, async (tx) => {
    await setHubDeployment(tx, deploymentId, {
      status: ok ? "succeeded" : "failed",
      finishedAt: new Date(),
      report,
      errorStep: ok ? null : (failedKey ?? null),
      errorCode: ok ? null : (failedStep?.errorCode ?? "StepNotRun"),
      errorMessage: ok ? null : (failedStep?.errorMessage ?? "A step could not run"),
    });
    const reapply = results.get("ensure_gateway")?.action === "created" && (await requestGatewayReapply(tx, run.hub));
    await writeAudit(tx, {
      actorId,
      action: "hub.bootstrap.finished",
      target: deps.hub.vnetName,
      outcome: ok ? "success" : "failure",
      details: { deploymentId, ...report },
    });
    const summary = report.created.length ? `created ${report.created.join(", ")}` : "nothing to create";
    return {
      events: [
        ok
          ? {
              type: "deployment.succeeded",
              message: `Hub ready: ${summary}${report.differences.length ? `; ${report.differences.length} difference(s) from the defaults left as they are` : ""}${reapply ? "; the spokes' gateway entries will be re-applied by the gateway writer" : ""}`,
              data: { report },
            }
          : {
              type: "deployment.failed",
              level: "error",
              message:
                `Hub bootstrap failed at ${failedKey ?? "a step"}: ${failedStep?.errorCode ?? ""} ${failedStep?.errorMessage ?? ""}`.trim(),
              data: { report },
            },
      ],
    };
  });
}
