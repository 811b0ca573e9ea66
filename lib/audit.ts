import { auditLog } from "@/db/schema";
import type { DbOrTx } from "@/db";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  target?: string | null;
  outcome: "success" | "failure" | "denied";
  details?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

/** Append one audit row. Pass the transaction that makes the change, so both commit together. */
export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    target: entry.target ?? null,
    outcome: entry.outcome,
    details: entry.details ?? null,
    ip: entry.ip ?? null,
    userAgent: entry.userAgent?.slice(0, 400) ?? null,
  });
}
