/**
 * Reads of the per-spoke event log. Consumers always read rows after their cursor; a NOTIFY is
 * only the hint that there may be some (ARCHITECTURE.md §10).
 */
import { and, asc, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deploymentEvents } from "@/db/schema";
import type { DeploymentEvent, EventLevel, EventType } from "./events";

type EventRow = typeof deploymentEvents.$inferSelect;

/** The wire shape of a stored row: ISO timestamp, `data` always an object. */
export function toDeploymentEvent(row: EventRow): DeploymentEvent {
  return {
    seq: row.seq,
    spokeId: row.spokeId,
    deploymentId: row.deploymentId,
    at: row.at.toISOString(),
    // safe because appendEvents validated the type against EVENT_TYPES before storing it
    type: row.type as EventType,
    step: row.step,
    attempt: row.attempt,
    level: row.level as EventLevel,
    message: row.message,
    data: (row.data ?? {}) as Record<string, unknown>,
  };
}

export const DEFAULT_READ_LIMIT = 500;

/** Events of one spoke with seq > afterSeq, oldest first, at most `limit`. */
export async function readEventsAfter(
  db: DbOrTx,
  spokeId: string,
  afterSeq: number,
  limit = DEFAULT_READ_LIMIT,
): Promise<DeploymentEvent[]> {
  const rows = await db
    .select()
    .from(deploymentEvents)
    .where(and(eq(deploymentEvents.spokeId, spokeId), gt(deploymentEvents.seq, afterSeq)))
    .orderBy(asc(deploymentEvents.seq))
    .limit(limit);
  return rows.map(toDeploymentEvent);
}
