/** listCleanupReports (admin): the latest teardowns and rollbacks with their cleanup reports. */
import { desc, eq, inArray } from "drizzle-orm";
import { deployments, spokes, users } from "@/db/schema";
import type { SpokeCtx } from "@/lib/spokes/context";
import { requireAdmin } from "@/lib/auth/require-admin";

export interface CleanupReportRow {
  deployment_id: string;
  kind: string;
  status: string;
  spoke: { id: string; spoke_id: number; client_name: string; owner_email: string };
  finished_at: string | null;
  report: unknown;
}

export async function listCleanupReports({
  ctx,
  input,
}: {
  ctx: Pick<SpokeCtx, "actor" | "db">;
  input?: { limit?: number };
}): Promise<CleanupReportRow[]> {
  requireAdmin(ctx.actor);
  const limit = Math.min(Math.max(input?.limit ?? 20, 1), 100);
  const rows = await ctx.db
    .select({ d: deployments, s: spokes, email: users.email })
    .from(deployments)
    .innerJoin(spokes, eq(spokes.id, deployments.spokeId))
    .innerJoin(users, eq(users.id, spokes.ownerId))
    .where(inArray(deployments.kind, ["teardown", "rollback"]))
    .orderBy(desc(deployments.createdAt))
    .limit(limit);
  return rows.map(({ d, s, email }) => ({
    deployment_id: d.id,
    kind: d.kind,
    status: d.status,
    spoke: { id: s.id, spoke_id: s.spokeNumber, client_name: s.clientName, owner_email: email },
    finished_at: d.finishedAt?.toISOString() ?? null,
    report: d.cleanupReport,
  }));
}
