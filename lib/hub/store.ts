/**
 * Persistence of hub bootstrap runs. Like the spoke ledger, every state change commits with the
 * events that report it (one transaction), so the timeline never shows what did not happen.
 */
import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db";
import { hubDeployments, hubDeploymentSteps, hubEvents } from "@/db/schema";
import type { EventLevel } from "@/lib/ledger/events";

export type HubDeploymentRow = typeof hubDeployments.$inferSelect;
export type HubStepRow = typeof hubDeploymentSteps.$inferSelect;
export type HubEventRow = typeof hubEvents.$inferSelect;

export interface HubEventDraft {
  type: string;
  message: string;
  step?: string;
  attempt?: number;
  level?: EventLevel;
  data?: Record<string, unknown>;
}

/** A live run refreshes its heartbeat at least this often; one silent for STALE_MS died with its process. */
export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 60_000;

/** Runs `fn` in a transaction and appends its events under the run row's lock (seq order = commit order). */
export async function hubChange<T>(
  db: Db,
  deploymentId: string,
  fn: (tx: Tx) => Promise<{ events: HubEventDraft[]; result?: T }>,
): Promise<T | undefined> {
  return db.transaction(async (tx) => {
    const { events, result } = await fn(tx);
    await appendHubEvents(tx, deploymentId, events);
    return result;
  });
}

/** Appends a run's events in the caller's transaction (the one making the change they report). */
export async function appendHubEvents(tx: Tx, deploymentId: string, events: HubEventDraft[]): Promise<void> {
  const [row] = await tx
    .update(hubDeployments)
    .set({ lastEventSeq: sql`${hubDeployments.lastEventSeq} + ${events.length}`, heartbeatAt: new Date() })
    .where(eq(hubDeployments.id, deploymentId))
    .returning({ last: hubDeployments.lastEventSeq });
  if (!row) throw new Error(`hub deployment ${deploymentId} not found`);
  if (events.length === 0) return;
  const first = row.last - events.length + 1;
  await tx.insert(hubEvents).values(
    events.map((e, i) => ({
      deploymentId,
      seq: first + i,
      at: sql`clock_timestamp()`,
      type: e.type,
      step: e.step ?? null,
      attempt: e.attempt ?? null,
      level: e.level ?? "info",
      message: e.message,
      data: e.data ?? {},
    })),
  );
}

export async function upsertHubStep(
  tx: Tx,
  deploymentId: string,
  key: string,
  set: Partial<Omit<HubStepRow, "deploymentId" | "key">>,
) {
  await tx
    .insert(hubDeploymentSteps)
    .values({ deploymentId, key, ...set })
    .onConflictDoUpdate({ target: [hubDeploymentSteps.deploymentId, hubDeploymentSteps.key], set });
}

export async function setHubDeployment(tx: DbOrTx, deploymentId: string, set: Partial<HubDeploymentRow>) {
  await tx.update(hubDeployments).set(set).where(eq(hubDeployments.id, deploymentId));
}

/** Marks runs of this hub whose process died (no heartbeat for STALE_MS) as failed, so a new run may start. */
export async function failStaleRuns(tx: DbOrTx, hub: string, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - STALE_MS);
  const stale = await tx
    .update(hubDeployments)
    .set({
      status: "failed",
      finishedAt: now,
      errorCode: "Abandoned",
      errorMessage: `No heartbeat for ${STALE_MS / 1000} s: the process running it stopped`,
    })
    .where(
      and(
        eq(hubDeployments.hub, hub),
        inArray(hubDeployments.status, ["queued", "running"]),
        or(
          lt(hubDeployments.heartbeatAt, cutoff),
          and(sql`${hubDeployments.heartbeatAt} is null`, lt(hubDeployments.createdAt, cutoff)),
        ),
      ),
    )
    .returning({ id: hubDeployments.id });
  return stale.length;
}

export async function activeRun(db: DbOrTx, hub: string): Promise<HubDeploymentRow | undefined> {
  const [row] = await db
    .select()
    .from(hubDeployments)
    .where(and(eq(hubDeployments.hub, hub), inArray(hubDeployments.status, ["queued", "running"])))
    .limit(1);
  return row;
}

export async function latestRun(db: DbOrTx, hub: string): Promise<HubDeploymentRow | undefined> {
  const [row] = await db
    .select()
    .from(hubDeployments)
    .where(eq(hubDeployments.hub, hub))
    .orderBy(desc(hubDeployments.createdAt))
    .limit(1);
  return row;
}

export async function loadRun(
  db: DbOrTx,
  id: string,
): Promise<{ run: HubDeploymentRow; steps: HubStepRow[]; events: HubEventRow[] } | undefined> {
  const [run] = await db.select().from(hubDeployments).where(eq(hubDeployments.id, id)).limit(1);
  if (!run) return undefined;
  const [steps, events] = await Promise.all([
    db.select().from(hubDeploymentSteps).where(eq(hubDeploymentSteps.deploymentId, id)),
    db.select().from(hubEvents).where(eq(hubEvents.deploymentId, id)).orderBy(asc(hubEvents.seq)),
  ]);
  return { run, steps, events };
}
