/**
 * The explicit operations on a spoke's deployments (ARCHITECTURE.md §5.3, §12): tear down, retry, roll
 * back, cancel. Each checks ownership through resolveSpoke, refuses what the state does not
 * allow with a 409 that says why, writes an audit row and enqueues; the work happens in the job.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db";
import { uniqueViolation } from "@/db/rows";
import { deployments, deploymentSteps } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { withSpokeLock } from "@/lib/ledger/intent";
import { setSpokeStatus, type EventDraft } from "@/lib/ledger/store";
import type { SpokeCtx } from "./context";
import { resolveSpoke, type SpokeRow } from "./resolve";

type Deployment = typeof deployments.$inferSelect;
const ACTIVE = ["queued", "running"];

export interface ActionResult {
  spoke_id: number;
  id: string;
  deployment_id: string;
  kind: string;
  status: string;
}

/** What an operation decides once it holds the spoke: the deployment it queues and its events. */
type Decision = { deploymentId: string; events: [EventDraft, ...EventDraft[]]; result: ActionResult };

/**
 * Runs `decide` in the ledger's unit of work (withSpokeLock): the state check, the deployment
 * write, the audit row and the first event commit in one transaction holding the spoke row's
 * lock, so they cannot interleave with another request's (twenty concurrent retries see one
 * another's writes). The partial unique index on active deployments is the last word if anything
 * else races: its violation is the same 409.
 */
async function underSpokeLock(
  ctx: SpokeCtx,
  ref: string,
  action: string,
  decide: (tx: Tx, spoke: SpokeRow, latest: Deployment | undefined) => Promise<Decision>,
): Promise<ActionResult> {
  const visible = await resolveSpoke(ctx.db, ctx.actor, ref);
  let decision: Decision;
  try {
    const locked = await withSpokeLock(ctx.db, visible.id, async (tx, { spoke, latest }) => {
      const d = await decide(tx, spoke, latest);
      const audit = {
        actorId: ctx.actor.id,
        action,
        details: { spoke_id: spoke.spokeNumber, deployment_id: d.deploymentId },
        ...ctx.meta,
      };
      return { result: d, intent: { deploymentId: d.deploymentId, audit, events: d.events } };
    });
    if (!locked) throw new AppError("not_found", `Spoke ${ref} not found`);
    decision = locked.result;
  } catch (err) {
    if (uniqueViolation(err) === "deployments_one_active_uq") throw busy(visible);
    throw err;
  }
  await ctx.enqueueDeployment(decision.deploymentId, visible.id);
  return decision.result;
}

function busy(spoke: SpokeRow, d?: Deployment): AppError {
  return new AppError(
    "conflict",
    `Spoke ${spoke.spokeNumber} has ${d ? `a ${d.kind}` : "a deployment"} in progress; cancel it or wait for it to finish`,
  );
}

function refuseIfBusy(spoke: SpokeRow, d: Deployment | undefined) {
  if (d && ACTIVE.includes(d.status)) throw busy(spoke, d);
}

async function insertDeployment(
  tx: Tx,
  ctx: SpokeCtx,
  spoke: SpokeRow,
  kind: "teardown" | "rollback",
  parentId: string | null,
): Promise<Decision> {
  const id = randomUUID();
  await tx
    .insert(deployments)
    .values({ id, spokeId: spoke.id, kind, status: "queued", requestedBy: ctx.actor.id, parentId });
  await setSpokeStatus(tx, spoke.id, kind === "teardown" ? "deleting" : "rolling_back");
  const label = kind === "teardown" ? "Teardown" : "Rollback";
  return {
    deploymentId: id,
    events: [
      {
        type: "deployment.queued",
        message: `${label} of spoke ${spoke.spokeNumber} queued by ${ctx.actor.email}`,
        data: { kind, parentDeploymentId: parentId },
      },
    ],
    result: { spoke_id: spoke.spokeNumber, id: spoke.id, deployment_id: id, kind, status: "queued" },
  };
}

/**
 * Tear the spoke down. `confirm` is optional (the Flask original's DELETE has no body); when given
 * it must equal the spoke's client name, else 409 with details.reason "confirmation_required" —
 * callers see what would go with planTeardown (teardown-plan.ts) first.
 */
export async function teardownSpoke({
  ctx,
  input,
}: {
  ctx: SpokeCtx;
  input: { ref: string; confirm?: string | Promise<string | undefined> };
}): Promise<ActionResult> {
  let confirm: string | undefined;
  if (input.confirm !== undefined) {
    // A request body is read only after the ownership check: another user learns nothing from a 400.
    await resolveSpoke(ctx.db, ctx.actor, input.ref);
    confirm = await input.confirm;
  }
  return underSpokeLock(ctx, input.ref, "spoke.teardown", async (tx, spoke, latest) => {
    if (confirm !== undefined && confirm !== spoke.clientName) {
      throw new AppError(
        "conflict",
        `Tearing down spoke ${spoke.spokeNumber} deletes all its resources; "confirm" must be the spoke's name '${spoke.clientName}' (plan it first: POST /api/spokes/${spoke.spokeNumber}/teardown/plan)`,
        {
          details: { reason: "confirmation_required", confirm: spoke.clientName },
        },
      );
    }
    if (spoke.deletedAt)
      throw new AppError("conflict", `Spoke ${spoke.spokeNumber} is already ${spoke.status.replace("_", " ")}`);
    refuseIfBusy(spoke, latest);
    return insertDeployment(tx, ctx, spoke, "teardown", null);
  });
}

export async function rollbackDeployment({
  ctx,
  input,
}: {
  ctx: SpokeCtx;
  input: { ref: string };
}): Promise<ActionResult> {
  return underSpokeLock(ctx, input.ref, "spoke.rollback", async (tx, spoke, d) => {
    refuseIfBusy(spoke, d);
    if (!d || d.kind !== "create" || d.status !== "failed" || spoke.deletedAt) {
      throw new AppError(
        "conflict",
        `Spoke ${spoke.spokeNumber} has no failed create to roll back (status: ${spoke.status})`,
      );
    }
    return insertDeployment(tx, ctx, spoke, "rollback", d.id);
  });
}

/** Resume the latest failed deployment from its failed step (succeeded steps are not re-run). */
export async function retryDeployment({
  ctx,
  input,
}: {
  ctx: SpokeCtx;
  input: { ref: string };
}): Promise<ActionResult> {
  return underSpokeLock(ctx, input.ref, "spoke.retry", async (tx, spoke, d) => {
    refuseIfBusy(spoke, d);
    if (!d || d.status !== "failed" || spoke.deletedAt)
      throw new AppError(
        "conflict",
        `Spoke ${spoke.spokeNumber} has no failed deployment to retry (status: ${spoke.status})`,
      );
    await tx
      .update(deployments)
      .set({
        status: "queued",
        finishedAt: null,
        errorCode: null,
        errorClass: null,
        errorMessage: null,
        errorStep: null,
        cancelRequestedAt: null,
      })
      .where(eq(deployments.id, d.id));
    await tx
      .update(deploymentSteps)
      .set({ status: "pending" })
      .where(and(eq(deploymentSteps.deploymentId, d.id), inArray(deploymentSteps.status, ["failed", "running"])));
    const status =
      d.kind === "create" || d.kind === "update" ? "in_progress" : d.kind === "rollback" ? "rolling_back" : "deleting";
    await setSpokeStatus(tx, spoke.id, status);
    return {
      deploymentId: d.id,
      events: [
        {
          type: "deployment.queued",
          message: `Retry of the ${d.kind} requested by ${ctx.actor.email}`,
          data: { kind: d.kind, parentDeploymentId: d.parentId },
        },
      ],
      result: { spoke_id: spoke.spokeNumber, id: spoke.id, deployment_id: d.id, kind: d.kind, status: "queued" },
    };
  });
}

/** Ask the running (or queued) create to stop; the runner then rolls back what it made. */
export async function cancelDeployment({
  ctx,
  input,
}: {
  ctx: SpokeCtx;
  input: { ref: string };
}): Promise<ActionResult> {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  const locked = await withSpokeLock(ctx.db, spoke.id, async (tx, { latest: d }) => {
    if (!d || !ACTIVE.includes(d.status) || (d.kind !== "create" && d.kind !== "update")) {
      throw new AppError("conflict", `Spoke ${spoke.spokeNumber} has no create in progress to cancel`);
    }
    const result = {
      spoke_id: spoke.spokeNumber,
      id: spoke.id,
      deployment_id: d.id,
      kind: d.kind,
      status: "cancel_requested",
    };
    if (d.cancelRequestedAt) return { result, intent: null };
    await tx.update(deployments).set({ cancelRequestedAt: new Date() }).where(eq(deployments.id, d.id));
    return {
      result,
      intent: {
        deploymentId: d.id,
        audit: {
          actorId: ctx.actor.id,
          action: "spoke.cancel",
          details: { spoke_id: spoke.spokeNumber, deployment_id: d.id },
          ...ctx.meta,
        },
        events: [
          { type: "deployment.cancel_requested", level: "warn", message: `Cancel requested by ${ctx.actor.email}` },
        ],
      },
    };
  });
  if (!locked) throw new AppError("not_found", `Spoke ${input.ref} not found`);
  return locked.result;
}
