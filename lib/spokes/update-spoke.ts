/**
 * PATCH /api/spokes/{id}: change a running spoke (ARCHITECTURE.md §5.5). Records the
 * intent (update deployment with previous and target configuration, audit row, first event) in the
 * ledger's unit of work (withSpokeLock: one transaction holding the spoke's row lock), then enqueues; steps whose inputs did not change end
 * `skipped`. Idempotent like create (Idempotency-Key), rate-limited like create, owner or admin.
 */
import { randomUUID } from "node:crypto";
import { deployments } from "@/db/schema";
import { uniqueViolation } from "@/db/rows";
import { AppError } from "@/lib/errors";
import { limits, rateLimit } from "@/lib/rate-limit";
import { stableHash, type SpokeConfig } from "@/lib/ledger/spoke-config";
import { withSpokeLock } from "@/lib/ledger/intent";
import { setSpokeStatus } from "@/lib/ledger/store";
import type { UpdateParams } from "@/lib/orchestrator/update-params";
import { UPDATE_STEP_KEYS } from "@/lib/orchestrator/workflows";
import type { SpokeCtx } from "./context";
import { deploymentForKey, IdempotencyKey } from "./idempotency";
import { resolveSpoke, type SpokeRow } from "./resolve";
import { forcedSteps, parseUpdateBody, targetConfig } from "./update-body";
import { computeUpdatePlan, type UpdatePlan } from "./update-plan";

export interface UpdateResult {
  id: string;
  spoke_id: number;
  /** Null when nothing changes and nothing is forced: no deployment was started. */
  deployment_id: string | null;
  kind: "update";
  status: "queued" | "unchanged";
  plan: UpdatePlan;
}

const ACTIVE = ["queued", "running"];

export async function updateSpoke({
  ctx,
  input,
  idempotencyKey,
}: {
  ctx: SpokeCtx;
  input: { ref: string; body: unknown };
  idempotencyKey?: string;
}): Promise<UpdateResult> {
  const key = idempotencyKey === undefined ? undefined : IdempotencyKey.parse(idempotencyKey);
  const visible = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  // The body is read after ownership: another user learns nothing from a 400 (always 404).
  const body = parseUpdateBody(await input.body);
  const { confirm, ...request } = body;
  const requestHash = stableHash({ spoke: visible.id, request });
  const earlier = await existingForKey(ctx, visible.id, key, requestHash);
  if (earlier) return earlier;
  const force = forcedSteps(body.force);
  const unknown = force === "all" ? [] : force.filter((k) => !(UPDATE_STEP_KEYS as readonly string[]).includes(k));
  if (unknown.length)
    throw new AppError(
      "bad_request",
      `force: unknown step ${unknown.join(", ")}; use "all" or any of: ${UPDATE_STEP_KEYS.join(", ")}`,
      { details: { fields: { force: "unknown step" } } },
    );
  if (visible.deletedAt || visible.status !== "completed") {
    throw new AppError(
      "conflict",
      `Spoke ${visible.spokeNumber} is ${visible.status.replace("_", " ")}; only a completed spoke can be updated`,
    );
  }
  const current = visible.desiredConfig as SpokeConfig; // safe because only the create and update verbs write it, from validated configurations
  const target = targetConfig(current, body);
  const plan = await computeUpdatePlan(ctx, visible, current, target, force);
  const runs = plan.steps.filter((s) => s.action === "run").map((s) => s.key);
  if (!runs.length)
    return {
      id: visible.id,
      spoke_id: visible.spokeNumber,
      deployment_id: null,
      kind: "update",
      status: "unchanged",
      plan,
    };
  if (plan.confirmation.required && confirm !== plan.confirmation.phrase) {
    throw new AppError(
      "conflict",
      `This update is disruptive (${plan.changes
        .filter((c) => c.disruptive || c.destructive)
        .map((c) => c.note ?? c.property)
        .join(" ")}). Type the spoke's name '${plan.confirmation.phrase}' as "confirm" to go ahead.`,
      {
        details: { reason: "confirmation_required", confirm: plan.confirmation.phrase, plan },
      },
    );
  }
  await rateLimit(ctx.db, `update:${ctx.actor.id}`, limits(ctx.limits).create, "spoke updates", { token: key });
  let id: string;
  try {
    id = await startUpdateDeployment(ctx, {
      spoke: visible,
      params: { previousConfig: current, targetConfig: target, force },
      runs,
      idempotency: key ? { key, requestHash } : undefined,
      audit: {
        action: "spoke.update",
        details: { request, force: body.force ?? null, confirmed: plan.confirmation.required },
      },
      queuedMessage: (n, who) =>
        `Update of spoke ${n} queued by ${who}: ${runs.join(", ")}${body.force ? ` (forced: ${force === "all" ? "all" : force.join(", ")})` : ""}`,
    });
  } catch (err) {
    if (uniqueViolation(err) === "deployments_idempotency_uq") {
      const winner = await existingForKey(ctx, visible.id, key, requestHash);
      if (winner) return winner;
    }
    throw err;
  }
  return { id: visible.id, spoke_id: visible.spokeNumber, deployment_id: id, kind: "update", status: "queued", plan };
}

export interface StartUpdate {
  spoke: SpokeRow;
  params: UpdateParams;
  /** The steps that will run (for the audit row). */
  runs: string[];
  idempotency?: { key: string; requestHash: string };
  audit: { action: "spoke.update" | "spoke.repair"; details: Record<string, unknown> };
  queuedMessage(spokeNumber: number, actorEmail: string): string;
}

/**
 * The unit of work of an update deployment, shared by PATCH and Repair: under the spoke's lock
 * (withSpokeLock) re-check that it is completed, idle and still on `params.previousConfig`, record the
 * deployment, the audit row and `deployment.queued`, then enqueue. Returns the deployment id.
 */
export async function startUpdateDeployment(ctx: SpokeCtx, s: StartUpdate): Promise<string> {
  const { spoke: visible, params } = s;
  const id = randomUUID();
  try {
    const locked = await withSpokeLock(ctx.db, visible.id, async (tx, { spoke, latest }) => {
      if (spoke.deletedAt || spoke.status !== "completed")
        throw new AppError(
          "conflict",
          `Spoke ${visible.spokeNumber} is ${spoke.status}; only a completed spoke can be updated`,
        );
      if (latest && ACTIVE.includes(latest.status))
        throw new AppError(
          "conflict",
          `Spoke ${spoke.spokeNumber} has a ${latest.kind} in progress; wait for it to finish`,
        );
      if (stableHash(spoke.desiredConfig) !== stableHash(params.previousConfig))
        throw new AppError("conflict", `Spoke ${spoke.spokeNumber} changed meanwhile; plan the update again`);
      await tx.insert(deployments).values({
        id,
        spokeId: spoke.id,
        kind: "update",
        status: "queued",
        requestedBy: ctx.actor.id,
        idempotencyKey: s.idempotency?.key ?? null,
        requestHash: s.idempotency?.requestHash ?? null,
        params,
      });
      await setSpokeStatus(tx, spoke.id, "in_progress");
      return {
        result: null,
        intent: {
          deploymentId: id,
          audit: {
            actorId: ctx.actor.id,
            action: s.audit.action,
            details: { spoke_id: spoke.spokeNumber, deployment_id: id, steps: s.runs, ...s.audit.details },
            ...ctx.meta,
          },
          events: [
            {
              type: "deployment.queued",
              message: s.queuedMessage(spoke.spokeNumber, ctx.actor.email),
              data: { kind: "update", parentDeploymentId: null },
            },
          ],
        },
      };
    });
    if (!locked) throw new AppError("not_found", `Spoke ${visible.spokeNumber} not found`);
  } catch (err) {
    if (uniqueViolation(err) === "deployments_one_active_uq")
      throw new AppError(
        "conflict",
        `Spoke ${visible.spokeNumber} has a deployment in progress; wait for it to finish`,
      );
    throw err;
  }
  await ctx.enqueueDeployment(id, visible.id);
  return id;
}

/** The answer to an earlier PATCH with this key; the same key with another body is refused (as create). */
async function existingForKey(
  ctx: SpokeCtx,
  spokeId: string,
  key: string | undefined,
  requestHash: string,
): Promise<UpdateResult | undefined> {
  const row = await deploymentForKey(ctx, key);
  if (!row) return undefined;
  if (
    row.deployment.kind !== "update" ||
    row.spoke.id !== spokeId ||
    (row.deployment.requestHash !== null && row.deployment.requestHash !== requestHash)
  ) {
    throw new AppError(
      "unprocessable",
      `Idempotency-Key '${key}' was already used with a different request; use a new key for a new request`,
    );
  }
  const params = row.deployment.params as UpdateParams;
  const plan = await computeUpdatePlan(ctx, row.spoke, params.previousConfig, params.targetConfig, params.force);
  return {
    id: row.spoke.id,
    spoke_id: row.spoke.spokeNumber,
    deployment_id: row.deployment.id,
    kind: "update",
    status: "queued",
    plan,
  };
}
