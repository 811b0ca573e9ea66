/**
 * POST /api/spokes/{id}/drift-check: the owner (or an admin) runs a drift check now and gets the
 * result. Another user's spoke is a 404; rate-limited per user (each check reads Azure 5 times); audited.
 */
import { writeAudit } from "@/lib/audit";
import { limits, rateLimit } from "@/lib/rate-limit";
import type { SpokeCtx } from "./context";
import { resolveSpoke } from "./resolve";
import { checkSpokeDrift } from "@/lib/drift/check";
import { repairSteps } from "@/lib/drift/compare";
import type { DriftView } from "@/lib/drift/types";

export interface DriftCheckResult {
  spoke_id: number;
  id: string;
  drift: DriftView;
  /** The update-workflow steps a Repair (an update deployment forcing them) would run. */
  repair_steps: string[];
}

export async function checkDriftNow({
  ctx,
  input,
}: {
  ctx: SpokeCtx;
  input: { ref: string };
}): Promise<DriftCheckResult> {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  await rateLimit(ctx.db, `drift-check:${ctx.actor.id}`, limits(ctx.limits).driftCheck, "drift checks");
  const drift = await checkSpokeDrift({ db: ctx.db, azure: ctx.azure }, spoke.id);
  await writeAudit(ctx.db, {
    actorId: ctx.actor.id,
    action: "spoke.drift_check",
    target: spoke.id,
    outcome: "success",
    details: { spoke_id: spoke.spokeNumber, status: drift.status, differences: drift.differences.length },
    ...ctx.meta,
  });
  return { spoke_id: spoke.spokeNumber, id: spoke.id, drift, repair_steps: repairSteps(drift.differences) };
}
