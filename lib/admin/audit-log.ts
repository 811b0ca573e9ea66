/** listAuditLog (admin): the append-only audit trail, newest first, with simple filters. */
import { and, desc, eq, ilike, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditLog, users } from "@/db/schema";
import type { SpokeCtx } from "@/lib/spokes/context";
import { requireAdmin } from "@/lib/auth/require-admin";

export const AuditQuery = z.object({
  action: z
    .string()
    .max(80)
    .regex(/^[a-z_.]*$/, "Invalid action filter")
    .optional(),
  actor: z.string().max(200).optional(),
  outcome: z.enum(["success", "failure", "denied"]).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.input<typeof AuditQuery>;

export interface AuditRow {
  id: number;
  at: string;
  actor_email: string | null;
  action: string;
  target: string | null;
  outcome: string;
  ip: string | null;
  details: unknown;
}

export async function listAuditLog({
  ctx,
  input,
}: {
  ctx: Pick<SpokeCtx, "actor" | "db">;
  input: AuditQuery;
}): Promise<{ entries: AuditRow[]; next_before: number | null }> {
  requireAdmin(ctx.actor);
  const q = AuditQuery.parse(input);
  const where: SQL[] = [];
  if (q.action) where.push(ilike(auditLog.action, `${q.action}%`));
  if (q.actor) where.push(ilike(users.email, `%${q.actor.replace(/[%_\\]/g, "\\$&")}%`));
  if (q.outcome) where.push(eq(auditLog.outcome, q.outcome));
  if (q.before) where.push(lt(auditLog.id, q.before));
  const rows = await ctx.db
    .select({ log: auditLog, email: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    entries: page.map(({ log, email }) => ({
      id: log.id,
      at: log.at.toISOString(),
      actor_email: email,
      action: log.action,
      target: log.target,
      outcome: log.outcome,
      ip: log.ip,
      details: log.details,
    })),
    next_before: rows.length > q.limit ? (page.at(-1)?.log.id ?? null) : null,
  };
}
