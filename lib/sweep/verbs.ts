/**
 * Admin verbs of the orphan sweep (README "Drift and orphan sweep"): the report and the cleanup.
 * Everyone else gets a 404; both are audited.
 */
import { desc } from "drizzle-orm";
import { z } from "zod";
import { orphanSweeps } from "@/db/schema";
import { requireAdmin } from "@/lib/auth/require-admin";
import { writeAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import type { SpokeCtx } from "@/lib/spokes/context";
import { cleanupOrphans, recordReport, type CleanupReport } from "./cleanup";
import { findOrphans, type OrphanReport } from "./find";

export interface OrphanCtx extends SpokeCtx {
  enqueueGatewayReconcile(hub: string): Promise<void>;
}

const hubOf = (ctx: Pick<SpokeCtx, "hub">) => ({
  resourceGroup: ctx.hub.hubResourceGroup,
  vnetName: ctx.hub.hubVnetName,
  gatewayName: ctx.hub.gatewayName,
});

export const CleanupInput = z.union([
  z.object({ ids: z.array(z.string().min(1).max(600)).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type CleanupInput = z.infer<typeof CleanupInput>;

export interface OrphanReportView extends OrphanReport {
  sweep_id: string;
  /** The latest cleanups with their verified reports, newest first. */
  cleanups: { id: string; created_at: string; report: CleanupReport }[];
}

export async function getOrphanReport({ ctx }: { ctx: OrphanCtx }): Promise<OrphanReportView> {
  requireAdmin(ctx.actor);
  const report = await findOrphans({ db: ctx.db, azure: ctx.azure, hub: hubOf(ctx) });
  const sweepId = await recordReport(ctx.db, "report", report, ctx.actor.id);
  await writeAudit(ctx.db, {
    actorId: ctx.actor.id,
    action: "admin.orphans.report",
    target: report.hub,
    outcome: "success",
    details: { orphans: report.orphans.length },
    ...ctx.meta,
  });
  const rows = await ctx.db.select().from(orphanSweeps).orderBy(desc(orphanSweeps.createdAt)).limit(20);
  const cleanups = rows
    .filter((r) => r.kind === "cleanup")
    .slice(0, 5)
    .map((r) => ({ id: r.id, created_at: r.createdAt.toISOString(), report: r.report as CleanupReport }));
  return { ...report, sweep_id: sweepId, cleanups };
}

export async function cleanupOrphansVerb({
  ctx,
  input,
}: {
  ctx: OrphanCtx;
  input: unknown;
}): Promise<CleanupReport & { sweep_id: string }> {
  requireAdmin(ctx.actor);
  const parsed = CleanupInput.safeParse(input);
  if (!parsed.success) throw new AppError("bad_request", 'Body must be {"ids": [orphan ids]} or {"all": true}');
  const result = await cleanupOrphans(
    { db: ctx.db, azure: ctx.azure, hub: hubOf(ctx), enqueueGatewayReconcile: ctx.enqueueGatewayReconcile },
    parsed.data,
    ctx.actor.id,
  );
  await writeAudit(ctx.db, {
    actorId: ctx.actor.id,
    action: "admin.orphans.cleanup",
    target: result.sweep_id,
    outcome: result.verified ? "success" : "failure",
    details: {
      requested: result.requested,
      removed: result.items.filter((i) => i.outcome === "removed").map((i) => i.id),
      remaining: result.items.filter((i) => i.outcome === "remaining").map((i) => i.id),
    },
    ...ctx.meta,
  });
  return result;
}
