/**
 * The ledger's unit of work for every verb that starts a deployment or changes its course
 * (create, teardown, retry, rollback, cancel): intent (spoke / deployment rows), the audit row and
 * the first event commit in ONE transaction, under the spoke row's lock (ARCHITECTURE.md §4.1).
 * A stream, the worker or an auditor therefore never sees a deployment without its
 * `deployment.queued` event, nor an event without its deployment. The event's NOTIFY is queued in
 * the same transaction and delivered by Postgres on commit (ARCHITECTURE.md §10).
 */
import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { deployments, spokes } from "@/db/schema";
import { writeAudit, type AuditEntry } from "@/lib/audit";
import { appendEvents } from "./append";
import { toEvent, type DeploymentRow, type EventDraft, type SpokeRow } from "./store";

/** What a verb records: the deployment it acts on, who did it, and at least one event. */
export interface Intent {
  deploymentId: string;
  /** `target` defaults to the spoke's id. */
  audit: Omit<AuditEntry, "target" | "outcome"> & { target?: string; outcome?: AuditEntry["outcome"] };
  events: [EventDraft, ...EventDraft[]];
}

/** A verb's answer, and the intent to record (null: nothing to record, e.g. a repeated cancel). */
export interface Decision<T> {
  result: T;
  intent: Intent | null;
}

export interface LockedSpoke {
  spoke: SpokeRow;
  /** The spoke's most recent deployment, read under the lock. */
  latest: DeploymentRow | undefined;
}

/**
 * Test seam: runs inside the transaction after the intent and audit rows are written and before
 * the first event is appended (lib/ledger/atomic-intent.test.ts breaks the transaction here).
 */
export const intentHooks: {
  beforeFirstEvent?: (tx: Tx, at: { spokeId: string; deploymentId: string }) => Promise<void>;
} = {};

async function record(tx: Tx, spokeId: string, intent: Intent): Promise<void> {
  await writeAudit(tx, { outcome: "success", target: spokeId, ...intent.audit });
  await intentHooks.beforeFirstEvent?.(tx, { spokeId, deploymentId: intent.deploymentId });
  await appendEvents(
    tx,
    spokeId,
    intent.events.map((e) => toEvent(spokeId, intent.deploymentId, e)),
  );
}

/**
 * Lock an existing spoke's row (SELECT … FOR UPDATE), read its latest deployment, let `decide`
 * check the state and write the deployment, then record the intent — all in one transaction, so
 * concurrent verbs on one spoke see one another's writes. Returns undefined when the spoke row
 * does not exist. Throwing from `decide` rolls everything back.
 */
export async function withSpokeLock<T>(
  db: Db,
  spokeId: string,
  decide: (tx: Tx, locked: LockedSpoke) => Promise<Decision<T>>,
): Promise<{ result: T } | undefined> {
  return db.transaction(async (tx) => {
    const [spoke] = await tx.select().from(spokes).where(eq(spokes.id, spokeId)).for("update");
    if (!spoke) return undefined;
    const [latest] = await tx
      .select()
      .from(deployments)
      .where(eq(deployments.spokeId, spoke.id))
      .orderBy(desc(deployments.createdAt))
      .limit(1);
    const { result, intent } = await decide(tx, { spoke, latest });
    if (intent) await record(tx, spoke.id, intent);
    return { result };
  });
}

/**
 * The unit of work for a new spoke: `insert` writes the spoke row and its first deployment (no
 * other transaction can lock a row that is not committed yet), then the intent is recorded in
 * the same transaction.
 */
export async function recordNewSpoke<T>(
  db: Db,
  insert: (tx: Tx) => Promise<{ spokeId: string; result: T; intent: Intent }>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const { spokeId, result, intent } = await insert(tx);
    await record(tx, spokeId, intent);
    return result;
  });
}
