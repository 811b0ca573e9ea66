/**
 * The end of an update deployment (ARCHITECTURE.md §5.5). Success makes the target
 * configuration the spoke's desired one. A failure or cancel never tears the spoke down: it stays
 * `completed` on what Azure holds, the deployment records which changes were applied and which
 * were not, and a retry resumes the update from its failed step.
 */
import { stableHash } from "@/lib/ledger/spoke-config";
import type { StatusMap } from "./dag";
import type { OrchestratorDeps } from "./deps";
import { log } from "@/lib/log";
import { notifyFinished } from "./notify";
import { change, setDeployment, setSpokeStatus, type LoadedDeployment } from "@/lib/ledger/store";
import { updateParamsOf } from "./update-params";
import { stepLabel, UPDATE_WORKFLOW } from "./workflows";

export interface UpdateFailure {
  step: string;
  code: string;
  class: string;
  message: string;
}

export async function finishUpdate(
  deps: OrchestratorDeps,
  loaded: LoadedDeployment,
  statuses: StatusMap,
  outcome: { ok: boolean; canceled: boolean; failure?: UpdateFailure },
) {
  const { deployment, spoke } = loaded;
  const params = updateParamsOf(deployment);
  const target = params?.targetConfig ?? loaded.config;
  if (outcome.ok) {
    await change(deps.db, spoke.id, deployment.id, async (tx) => {
      await setDeployment(tx, deployment.id, { status: "succeeded", finishedAt: new Date(), leaseOwner: null });
      await setSpokeStatus(tx, spoke.id, "completed", {
        desiredConfig: target,
        configHash: stableHash(target),
        vmSize: target.vmSize,
        sshPublicKey: target.sshPublicKey,
        agw: target.names.agw,
      });
      const ran = UPDATE_WORKFLOW.filter((s) => statuses[s.key] === "succeeded").map((s) => s.key);
      return {
        events: [
          {
            type: "deployment.succeeded",
            message: `Spoke ${spoke.spokeNumber} (${spoke.clientName}) updated${ran.length ? `: ${ran.map(stepLabel).join(", ")}` : ": nothing changed"}`,
            data: { kind: "update", ran },
          },
        ],
      };
    });
    await notifyFinished(deps, loaded, { status: "succeeded", spokeStatus: "completed" });
    await afterUpdate(deps, spoke.id);
    return;
  }
  const failure = outcome.failure ?? {
    step: "",
    code: outcome.canceled ? "Canceled" : "StepFailed",
    class: "permanent",
    message: outcome.canceled ? "Canceled by request" : "The update did not complete",
  };
  const applied = UPDATE_WORKFLOW.filter((s) => statuses[s.key] === "succeeded").map((s) => s.key);
  const notApplied = UPDATE_WORKFLOW.filter(
    (s) => statuses[s.key] !== "succeeded" && statuses[s.key] !== "skipped",
  ).map((s) => s.key);
  const state = applied.length
    ? `Applied before it stopped: ${applied.map(stepLabel).join(", ")}; not applied: ${notApplied.map(stepLabel).join(", ")}. Retry resumes the update.`
    : "Nothing was changed; the spoke keeps its previous configuration. Retry resumes the update.";
  await change(deps.db, spoke.id, deployment.id, async (tx) => {
    await setDeployment(tx, deployment.id, {
      status: outcome.canceled ? "canceled" : "failed",
      finishedAt: new Date(),
      leaseOwner: null,
      errorCode: failure.code,
      errorClass: failure.class,
      errorMessage: failure.message,
      errorStep: failure.step || null,
    });
    // Never torn down: the spoke keeps running on what Azure holds (its previous configuration,
    // plus whatever `applied` lists); desired_config changes only when an update succeeds.
    await setSpokeStatus(tx, spoke.id, "completed");
    return {
      events: [
        outcome.canceled
          ? {
              type: "deployment.canceled",
              level: "warn",
              message: `Update canceled. ${state}`,
              data: { applied, notApplied },
            }
          : {
              type: "deployment.failed",
              level: "error",
              message: `Update failed at ${failure.step}: ${failure.code}: ${failure.message}. ${state}`,
              data: {
                error: { code: failure.code, class: failure.class, message: failure.message },
                step: failure.step,
                applied,
                notApplied,
              },
            },
      ],
    };
  });
  await notifyFinished(deps, loaded, {
    status: outcome.canceled ? "canceled" : "failed",
    spokeStatus: "completed",
    error: outcome.canceled ? undefined : failure,
  });
  await afterUpdate(deps, spoke.id);
}

/** The drift record follows the update (a failed one too: it shows what Azure holds now). Never throws. */
async function afterUpdate(deps: OrchestratorDeps, spokeId: string) {
  if (!deps.afterUpdate) return;
  try {
    await deps.afterUpdate(spokeId);
  } catch (err) {
    log.warn("drift check after update failed", { spokeId, err: String(err) });
  }
}
