/**
 * POST /api/spokes/{id}/repair (ARCHITECTURE.md §17): re-applies the desired state as an update
 * deployment that only touches what drifted. Reads drift now (or takes a check younger than
 * FRESH_MS), maps each difference to the update-workflow step that re-applies it (repairSteps in
 * lib/drift/compare) and starts an update deployment through PATCH's unit of work with the spoke's
 * own configuration as both previous and target, forcing exactly those steps: every other step ends
 * `skipped`. In sync: answers `in_sync` and starts nothing. Owner or admin (another user: 404),
 * rate-limited like an update, audited `spoke.repair`. A disruptive repair (the VM's size goes back:
 * a restart) needs the typed confirmation PATCH needs.
 */
import { z } from "zod";
import { writeAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { limits, rateLimit } from "@/lib/rate-limit";
import { checkSpokeDrift, loadDrift } from "@/lib/drift/check";
import { repairSteps, unrepairable } from "@/lib/drift/compare";
import type { DriftDifference, DriftView } from "@/lib/drift/types";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import type { SpokeCtx } from "./context";
import { resolveSpoke } from "./resolve";
import { computeUpdatePlan, type UpdatePlan } from "./update-plan";
import { startUpdateDeployment } from "./update-spoke";

/** A drift check this young is used as it is; an older one is read again. */
export const FRESH_MS = 5_000;

export const RepairBody = z.strictObject(
  { confirm: z.string({ error: "confirm must be a string" }).max(200).optional() },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `Unknown field: ${iss.keys.join(", ")}`
        : "The request body must be a JSON object",
  },
);

export interface RepairResult {
  id: string;
  spoke_id: number;
  /** `in_sync`: nothing drifted, nothing started. */
  status: "queued" | "in_sync";
  /** The update deployment that re-applies the drifted resources; null when in sync. */
  deployment_id: string | null;
  kind: "update";
  /** The drift the repair acts on. */
  drift: DriftView;
  /** The update-workflow steps forced to run; every other step ends skipped. */
  steps: string[];
  /** Differences no update step can put back (a missing VM, the VM's tags): left as they are. */
  unrepairable: DriftDifference[];
  plan: UpdatePlan | null;
}

async function currentDrift(ctx: SpokeCtx, spokeId: string): Promise<DriftView> {
  const stored = await loadDrift(ctx.db, spokeId);
  const age = stored.checked_at ? Date.now() - Date.parse(stored.checked_at) : Infinity;
  if (stored.status !== "unknown" && !stored.error && age >= 0 && age < FRESH_MS) return stored;
  return checkSpokeDrift({ db: ctx.db, azure: ctx.azure }, spokeId);
}

function parseBody(input: unknown): z.infer<typeof RepairBody> {
  if (input === undefined || input === null) return {};
  const parsed = RepairBody.safeParse(input);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? "Invalid request");
  return parsed.data;
}

export async function repairSpoke({
  ctx,
  input,
}: {
  ctx: SpokeCtx;
  input: { ref: string; body?: unknown };
}): Promise<RepairResult> {
  const visible = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  // The body is read after ownership: another user learns nothing from a 400 (always 404).
  const { confirm } = parseBody(await input.body);
  if (visible.deletedAt || visible.status !== "completed") {
    throw new AppError(
      "conflict",
      `Spoke ${visible.spokeNumber} is ${visible.status.replace("_", " ")}; only a completed spoke can be repaired`,
    );
  }
  await rateLimit(ctx.db, `repair:${ctx.actor.id}`, limits(ctx.limits).create, "spoke repairs");
  const drift = await currentDrift(ctx, visible.id);
  if (drift.error)
    throw new AppError("conflict", `Drift of spoke ${visible.spokeNumber} could not be read: ${drift.error}`);
  const base = { id: visible.id, spoke_id: visible.spokeNumber, kind: "update" as const, drift };
  const audit = { actorId: ctx.actor.id, action: "spoke.repair", target: visible.id, ...ctx.meta };
  if (drift.status === "in_sync") {
    await writeAudit(ctx.db, {
      ...audit,
      outcome: "success",
      details: { spoke_id: visible.spokeNumber, status: "in_sync", steps: [] },
    });
    return { ...base, status: "in_sync", deployment_id: null, steps: [], unrepairable: [], plan: null };
  }
  const steps = repairSteps(drift.differences);
  const left = unrepairable(drift.differences);
  if (!steps.length) {
    throw new AppError(
      "conflict",
      `Spoke ${visible.spokeNumber} drifted in a way an update cannot put back (${left.map((d) => `${d.resource} ${d.property}`).join("; ")}); tear it down and create it again`,
      {
        details: { reason: "unrepairable", unrepairable: left },
      },
    );
  }
  const config = visible.desiredConfig as SpokeConfig; // safe because only the create and update verbs write it, from validated configurations
  const plan = await computeUpdatePlan(ctx, visible, config, config, steps);
  if (plan.confirmation.required && confirm !== plan.confirmation.phrase) {
    throw new AppError(
      "conflict",
      `This repair is disruptive (${plan.changes
        .filter((c) => c.disruptive || c.destructive)
        .map((c) => c.note ?? c.property)
        .join(" ")}). Type the spoke's name '${plan.confirmation.phrase}' as "confirm" to go ahead.`,
      {
        details: { reason: "confirmation_required", confirm: plan.confirmation.phrase, plan, steps },
      },
    );
  }
  const deploymentId = await startUpdateDeployment(ctx, {
    spoke: visible,
    params: { previousConfig: config, targetConfig: config, force: steps },
    runs: steps,
    audit: {
      action: "spoke.repair",
      details: {
        differences: drift.differences.length,
        unrepairable: left.length,
        confirmed: plan.confirmation.required,
      },
    },
    queuedMessage: (n, who) =>
      `Repair of spoke ${n} queued by ${who}: re-applying ${steps.join(", ")} (${drift.differences.length} difference(s) from the desired state)`,
  });
  return { ...base, status: "queued", deployment_id: deploymentId, steps, unrepairable: left, plan };
}
