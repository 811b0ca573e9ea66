/**
 * When a spoke's event stream may close: the current deployment reached a terminal status and its
 * terminal event has been sent (ARCHITECTURE.md §10). A failed create followed by a rollback must not end
 * the stream at `deployment.failed`, so "current" is decided from the deployments table.
 *
 * Contract with the writer: a follow-up deployment (the rollback of a failed create) is inserted
 * in the same transaction that makes its parent terminal, so no reader sees the gap between them.
 */
import { and, desc, eq, inArray, max, min, notInArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deploymentEvents, deployments } from "@/db/schema";
import { TERMINAL_EVENT_TYPES } from "./events";
import { TERMINAL_DEPLOYMENT_STATUSES } from "./status";

const TERMINAL_TYPES = [...TERMINAL_EVENT_TYPES];

/** True once nothing more will happen on the spoke until a user starts a new deployment. */
export async function isSpokeStreamFinished(db: DbOrTx, spokeId: string, sentThroughSeq: number): Promise<boolean> {
  const [busy] = await db
    .select({ id: deployments.id })
    .from(deployments)
    .where(and(eq(deployments.spokeId, spokeId), notInArray(deployments.status, [...TERMINAL_DEPLOYMENT_STATUSES])))
    .limit(1);
  if (busy) return false;
  const [latest] = await db
    .select({ id: deployments.id })
    .from(deployments)
    .where(eq(deployments.spokeId, spokeId))
    .orderBy(desc(deployments.createdAt), desc(deployments.id))
    .limit(1);
  if (!latest) return false; // nothing has run yet: keep tailing
  const terminalOfSpoke = and(eq(deploymentEvents.spokeId, spokeId), inArray(deploymentEvents.type, TERMINAL_TYPES));
  const [seqs] = await db
    .select({ latestTerminal: min(deploymentEvents.seq) })
    .from(deploymentEvents)
    .where(and(terminalOfSpoke, eq(deploymentEvents.deploymentId, latest.id)));
  if (seqs?.latestTerminal == null || seqs.latestTerminal > sentThroughSeq) return false;
  // An earlier deployment's terminal event committed after the latest one's must be sent too.
  const [last] = await db
    .select({ seq: max(deploymentEvents.seq) })
    .from(deploymentEvents)
    .where(terminalOfSpoke);
  return (last?.seq ?? 0) <= sentThroughSeq;
}
