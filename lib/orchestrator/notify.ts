/**
 * What the outside world hears when a deployment reaches a terminal state: a log line, the
 * deployments counter, and webhook events. Never throws: a deployment's outcome is already
 * committed, and a notification failure must not turn it into a crash and a re-run.
 */
import { eq } from "drizzle-orm";
import { deployments } from "@/db/schema";
import { log, logContext } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";
import type { WebhookEventType } from "@/lib/webhooks/events";
import type { OrchestratorDeps } from "./deps";
import type { LoadedDeployment } from "@/lib/ledger/store";

export interface FinishedOutcome {
  /** The deployment's terminal status: succeeded, failed or canceled. */
  status: "succeeded" | "failed" | "canceled";
  /** The spoke's status after it. */
  spokeStatus: string;
  error?: { step: string; code: string; class: string; message: string };
}

function eventsFor(kind: string, status: FinishedOutcome["status"]): WebhookEventType[] {
  const teardown = kind === "teardown" || kind === "rollback";
  const out: WebhookEventType[] = [];
  if (status === "succeeded") out.push("deployment.finished");
  else if (status === "failed") out.push(kind === "rollback" ? "rollback.failed" : "deployment.failed");
  if (teardown && status !== "canceled") out.push("cleanup.report");
  return out;
}

async function cleanupReportOf(deps: OrchestratorDeps, deploymentId: string): Promise<unknown> {
  const [row] = await deps.db
    .select({ report: deployments.cleanupReport })
    .from(deployments)
    .where(eq(deployments.id, deploymentId));
  return row?.report ?? null;
}

export async function notifyFinished(
  deps: OrchestratorDeps,
  loaded: LoadedDeployment,
  outcome: FinishedOutcome,
): Promise<void> {
  const { deployment, spoke } = loaded;
  metrics().deployments.inc({ kind: deployment.kind, outcome: outcome.status });
  const level = outcome.status === "succeeded" ? "info" : "warn";
  log[level]("deployment finished", {
    kind: deployment.kind,
    status: outcome.status,
    spokeStatus: outcome.spokeStatus,
    ...(outcome.error ? { error: outcome.error } : {}),
  });
  if (!deps.emitWebhook) return;
  try {
    const base = {
      deployment: {
        id: deployment.id,
        kind: deployment.kind,
        status: outcome.status,
        error: outcome.error ?? null,
        trace_id: logContext().traceId ?? null,
      },
      spoke: { id: spoke.id, spoke_id: spoke.spokeNumber, client_name: spoke.clientName, status: outcome.spokeStatus },
    };
    for (const type of eventsFor(deployment.kind, outcome.status)) {
      const data =
        type === "cleanup.report" ? { ...base, cleanup_report: await cleanupReportOf(deps, deployment.id) } : base;
      await deps.emitWebhook(type, data);
    }
  } catch (err) {
    log.error("webhook events not emitted", { err: String(err) });
  }
}
