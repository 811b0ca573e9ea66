/**
 * The explicit operations on a spoke's deployments (DESIGN §5.3, §12): tear down, retry, roll
 * back, cancel. Each checks ownership through resolveSpoke, refuses what the state does not
 * allow with a 409 that says why, writes an audit row and enqueues; the work happens in the job.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db";
import { deployments, deploymentSteps } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { change, setSpokeStatus, type EventDraft } from "@/lib/orchestrator/store";
import type { SpokeCtx } from "./context";
import { resolveSpoke, type SpokeRow } from "./resolve";

type Deployment = typeof deployments.$inferSelect;
const ACTIVE = ["queued", "running"];

async function latest(ctx: SpokeCtx, spokeId: string): Promise<Deployment | undefined> {
  const [row] = await ctx.db.select().from(deployments).where(eq(deployments.spokeId, spokeId)).orderBy(desc(deployments.createdAt)).limit(1);
  return row;
}

export interface ActionResult {
  spoke_id: number;
  id: string;
  deployment_id: string;
  kind: string;
  status: string;
}

async function record(ctx: SpokeCtx, spoke: SpokeRow, action: string, deploymentId: string, fn: (tx: Tx) => Promise<EventDraft[]>) {
  await change(ctx.db, spoke.id, deploymentId, async (tx) => {
    const events = await fn(tx);
    await writeAudit(tx, { actorId: ctx.actor.id, action, target: spoke.id, outcome: "success", details: { spoke_id: spoke.spokeNumber, deployment_id: deploymentId }, ...ctx.meta });
    return { events };
  });
}

async function startNew(ctx: SpokeCtx, spoke: SpokeRow, kind: "teardown" | "rollback", parentId: string | null, action: string): Promise<ActionResult> {
  const id = await ctx.db.transaction(async (tx) => {
    const [d] = await tx.insert(deployments).values({ spokeId: spoke.id, kind, status: "queued", requestedBy: ctx.actor.id, parentId }).returning({ id: deployments.id });
    if (!d) throw new Error("deployment insert returned nothing");
    return d.id;
  });
  await record(ctx, spoke, action, id, async (tx) => {
    await setSpokeStatus(tx, spoke.id, kind === "teardown" ? "deleting" : "rolling_back");
    return [{ type: "deployment.queued", message: `${kind === "teardown" ? "Teardown" : "Rollback"} of spoke ${spoke.spokeNumber} queued by ${ctx.actor.email}`, data: { kind, parentDeploymentId: parentId } }];
  });
  await ctx.enqueueDeployment(id, spoke.id);
  return { spoke_id: spoke.spokeNumber, id: spoke.id, deployment_id: id, kind, status: "queued" };
}

function refuseIfBusy(spoke: SpokeRow, d: Deployment | undefined) {
  if (d && ACTIVE.includes(d.status)) throw new AppError("conflict", `Spoke ${spoke.spokeNumber} has a ${d.kind} in progress; cancel it or wait for it to finish`);
}

export async function teardownSpoke({ ctx, input }: { ctx: SpokeCtx; input: { ref: string } }): Promise<ActionResult> {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  if (spoke.deletedAt) throw new AppError("conflict", `Spoke ${spoke.spokeNumber} is already ${spoke.status.replace("_", " ")}`);
  refuseIfBusy(spoke, await latest(ctx, spoke.id));
  return startNew(ctx, spoke, "teardown", null, "spoke.teardown");
}

export async function rollbackDeployment({ ctx, input }: { ctx: SpokeCtx; input: { ref: string } }): Promise<ActionResult> {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  const d = await latest(ctx, spoke.id);
  refuseIfBusy(spoke, d);
  if (!d || d.kind !== "create" || d.status !== "failed" || spoke.deletedAt) {
    throw new AppError("conflict", `Spoke ${spoke.spokeNumber} has no failed create to roll back (status: ${spoke.status})`);
  }
  return startNew(ctx, spoke, "rollback", d.id, "spoke.rollback");
}

/** Resume the latest failed deployment from its failed step (succeeded steps are not re-run). */
export async function retryDeployment({ ctx, input }: { ctx: SpokeCtx; input: { ref: string } }): Promise<ActionResult> {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  const d = await latest(ctx, spoke.id);
  refuseIfBusy(spoke, d);
  if (!d || d.status !== "failed" || spoke.deletedAt) throw new AppError("conflict", `Spoke ${spoke.spokeNumber} has no failed deployment to retry (status: ${spoke.status})`);
  await record(ctx, spoke, "spoke.retry", d.id, async (tx) => {
    await tx.update(deployments).set({ status: "queued", finishedAt: null, errorCode: null, errorClass: null, errorMessage: null, errorStep: null, cancelRequestedAt: null }).where(eq(deployments.id, d.id));
    await tx.update(deploymentSteps).set({ status: "pending" }).where(and(eq(deploymentSteps.deploymentId, d.id), inArray(deploymentSteps.status, ["failed", "running"])));
    const status = d.kind === "create" || d.kind === "update" ? "in_progress" : d.kind === "rollback" ? "rolling_back" : "deleting";
    await setSpokeStatus(tx, spoke.id, status);
    return [{ type: "deployment.queued", message: `Retry of the ${d.kind} requested by ${ctx.actor.email}`, data: { kind: d.kind, parentDeploymentId: d.parentId } }];
  });
  await ctx.enqueueDeployment(d.id, spoke.id);
  return { spoke_id: spoke.spokeNumber, id: spoke.id, deployment_id: d.id, kind: d.kind, status: "queued" };
}

/** Ask the running (or queued) create to stop; the runner then rolls back what it made. */
export async function cancelDeployment({ ctx, input }: { ctx: SpokeCtx; input: { ref: string } }): Promise<ActionResult> {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  const d = await latest(ctx, spoke.id);
  if (!d || !ACTIVE.includes(d.status) || (d.kind !== "create" && d.kind !== "update")) {
    throw new AppError("conflict", `Spoke ${spoke.spokeNumber} has no create in progress to cancel`);
  }
  if (d.cancelRequestedAt) return { spoke_id: spoke.spokeNumber, id: spoke.id, deployment_id: d.id, kind: d.kind, status: "cancel_requested" };
  await record(ctx, spoke, "spoke.cancel", d.id, async (tx) => {
    await tx.update(deployments).set({ cancelRequestedAt: new Date() }).where(eq(deployments.id, d.id));
    return [{ type: "deployment.cancel_requested", level: "warn", message: `Cancel requested by ${ctx.actor.email}` }];
  });
  return { spoke_id: spoke.spokeNumber, id: spoke.id, deployment_id: d.id, kind: d.kind, status: "cancel_requested" };
}
