/**
 * After the DAG: record what is true (ARCHITECTURE.md §5.2 terminal states). A failed or canceled create
 * queues its rollback in the same transaction; a failed teardown lists what remains in Azure.
 */
import { deployments, deploymentSteps } from "@/db/schema";
import { eq } from "drizzle-orm";
import type { StatusMap } from "./dag";
import type { OrchestratorDeps } from "./deps";
import { finishUpdate } from "./finish-update";
import { notifyFinished } from "./notify";
import { findRemaining } from "./steps/cleanup";
import { armIds } from "@/lib/azure/ids";
import { change, setDeployment, setSpokeStatus, type EventDraft, type LoadedDeployment } from "@/lib/ledger/store";
import type { DeploymentKind } from "@/lib/ledger/status";
import { workflowFor } from "./workflows";

interface StepError {
  step: string;
  code: string;
  class: string;
  message: string;
}

async function firstFailure(
  deps: OrchestratorDeps,
  loaded: LoadedDeployment,
  statuses: StatusMap,
): Promise<StepError | undefined> {
  const failedKeys: string[] = workflowFor(loaded.deployment.kind as DeploymentKind)
    .map((s) => s.key)
    .filter((k) => statuses[k] === "failed");
  if (!failedKeys.length) return undefined;
  const rows = await deps.db
    .select()
    .from(deploymentSteps)
    .where(eq(deploymentSteps.deploymentId, loaded.deployment.id));
  const row =
    rows.find((r) => failedKeys.includes(r.key) && r.status === "failed") ??
    rows.find((r) => failedKeys.includes(r.key));
  return {
    step: row?.key ?? failedKeys[0] ?? "?",
    code: row?.errorCode ?? "StepFailed",
    class: row?.errorClass ?? "permanent",
    message: row?.errorMessage ?? "A step failed",
  };
}

export async function finishDeployment(
  deps: OrchestratorDeps,
  loaded: LoadedDeployment,
  statuses: StatusMap,
  opts: { canceled: boolean },
) {
  const allDone = Object.values(statuses).every((s) => s === "succeeded" || s === "skipped");
  if (loaded.deployment.kind === "update") {
    const ok = allDone && !opts.canceled;
    return finishUpdate(deps, loaded, statuses, {
      ok,
      canceled: opts.canceled,
      failure: ok || opts.canceled ? undefined : await firstFailure(deps, loaded, statuses),
    });
  }
  if (loaded.deployment.kind === "create")
    return finishCreate(deps, loaded, allDone && !opts.canceled, opts.canceled, statuses);
  return finishTeardown(deps, loaded, allDone, statuses);
}

async function finishCreate(
  deps: OrchestratorDeps,
  loaded: LoadedDeployment,
  ok: boolean,
  canceled: boolean,
  statuses: StatusMap,
) {
  const { deployment, spoke } = loaded;
  if (ok) {
    await change(deps.db, spoke.id, deployment.id, async (tx) => {
      await setDeployment(tx, deployment.id, { status: "succeeded", finishedAt: new Date(), leaseOwner: null });
      await setSpokeStatus(tx, spoke.id, "completed");
      return {
        events: [
          { type: "deployment.succeeded", message: `Spoke ${spoke.spokeNumber} (${spoke.clientName}) is ready` },
        ],
      };
    });
    await notifyFinished(deps, loaded, { status: "succeeded", spokeStatus: "completed" });
    return;
  }
  const failure = canceled
    ? { step: "", code: "Canceled", class: "permanent", message: "Canceled by request" }
    : ((await firstFailure(deps, loaded, statuses)) ?? {
        step: "",
        code: "StepFailed",
        class: "permanent",
        message: "The deployment did not complete",
      });
  // A cancel means "undo it": roll back even when ENABLE_ROLLBACK is off.
  const rollBack = canceled || deps.enableRollback;
  const rollbackId = await change<string>(deps.db, spoke.id, deployment.id, async (tx) => {
    await setDeployment(tx, deployment.id, {
      status: canceled ? "canceled" : "failed",
      finishedAt: new Date(),
      leaseOwner: null,
      errorCode: failure.code,
      errorClass: failure.class,
      errorMessage: failure.message,
      errorStep: failure.step || null,
    });
    await setSpokeStatus(tx, spoke.id, rollBack ? "rolling_back" : "failed");
    const events: EventDraft[] = [
      canceled
        ? { type: "deployment.canceled", level: "warn", message: "Deployment canceled" }
        : {
            type: "deployment.failed",
            level: "error",
            message: `Failed at ${failure.step}: ${failure.code}: ${failure.message}`,
            data: { error: { code: failure.code, class: failure.class, message: failure.message }, step: failure.step },
          },
    ];
    if (!rollBack) return { events };
    const [rb] = await tx
      .insert(deployments)
      .values({
        spokeId: spoke.id,
        kind: "rollback",
        status: "queued",
        requestedBy: deployment.requestedBy,
        parentId: deployment.id,
      })
      .returning({ id: deployments.id });
    if (!rb) throw new Error("rollback insert returned nothing");
    events.push({
      type: "deployment.queued",
      deploymentId: rb.id,
      message: "Rolling back what the create made",
      data: { kind: "rollback", parentDeploymentId: deployment.id },
    });
    events.push({
      type: "deployment.rolling_back",
      deploymentId: rb.id,
      level: "warn",
      message: `Rolling back spoke ${spoke.spokeNumber}`,
    });
    return { events, result: rb.id };
  });
  // The rollback starts first; notifications must not delay it.
  if (rollbackId) await deps.enqueueDeployment(rollbackId, spoke.id);
  await notifyFinished(deps, loaded, {
    status: canceled ? "canceled" : "failed",
    spokeStatus: rollBack ? "rolling_back" : "failed",
    error: canceled ? undefined : failure,
  });
}

async function finishTeardown(deps: OrchestratorDeps, loaded: LoadedDeployment, ok: boolean, statuses: StatusMap) {
  const { deployment, spoke, config } = loaded;
  const rollback = deployment.kind === "rollback";
  if (ok) {
    await change(deps.db, spoke.id, deployment.id, async (tx) => {
      await setDeployment(tx, deployment.id, { status: "succeeded", finishedAt: new Date(), leaseOwner: null });
      await setSpokeStatus(tx, spoke.id, rollback ? "rolled_back" : "deleted");
      return {
        events: [
          rollback
            ? { type: "deployment.rolled_back", message: `Rolled back: nothing of spoke ${spoke.spokeNumber} remains` }
            : { type: "deployment.succeeded", message: `Spoke ${spoke.spokeNumber} deleted; cleanup verified` },
        ],
      };
    });
    await notifyFinished(deps, loaded, { status: "succeeded", spokeStatus: rollback ? "rolled_back" : "deleted" });
    return;
  }
  const failure = (await firstFailure(deps, loaded, statuses)) ?? {
    step: "",
    code: "StepFailed",
    class: "permanent",
    message: "The teardown did not complete",
  };
  let remaining: { id: string; type: string; name: string }[] | { error: string } = [];
  try {
    const vnetId = armIds.virtualNetwork(
      { subscriptionId: deps.azure.subscriptionId, resourceGroup: config.resourceGroup },
      config.names.vnet,
    );
    remaining = await findRemaining(deps.azure, config, vnetId);
  } catch (err) {
    remaining = { error: `could not list remaining resources: ${String(err)}` };
  }
  await change(deps.db, spoke.id, deployment.id, async (tx) => {
    const [current] = await tx
      .select({ report: deployments.cleanupReport })
      .from(deployments)
      .where(eq(deployments.id, deployment.id));
    await setDeployment(tx, deployment.id, {
      status: "failed",
      finishedAt: new Date(),
      leaseOwner: null,
      errorCode: failure.code,
      errorClass: failure.class,
      errorMessage: failure.message,
      errorStep: failure.step || null,
      cleanupReport: current?.report ?? { outcome: "verification_failed", resources: [], remaining },
    });
    await setSpokeStatus(tx, spoke.id, rollback ? "rollback_failed" : "delete_failed");
    const count = Array.isArray(remaining) ? remaining.length : "unknown";
    return {
      events: [
        {
          type: rollback ? "deployment.rollback_failed" : "deployment.failed",
          level: "error",
          message: `${rollback ? "Rollback" : "Teardown"} failed at ${failure.step}: ${failure.code}: ${failure.message}. Remaining resources: ${count}`,
          data: {
            error: { code: failure.code, class: failure.class, message: failure.message },
            step: failure.step,
            remaining,
          },
        },
      ],
    };
  });
  await notifyFinished(deps, loaded, {
    status: "failed",
    spokeStatus: rollback ? "rollback_failed" : "delete_failed",
    error: failure,
  });
}
