/**
 * Persistence of deployments and steps. Every state change goes through `change()`, which writes
 * it and its events in one transaction (ARCHITECTURE.md §4: events commit with what they report).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { deploymentSteps, deployments, spokes } from "@/db/schema";
import { appendEvents } from "./append";
import type { EventLevel, EventType, NewDeploymentEvent } from "./events";
import type { SpokeConfig } from "./spoke-config";

export type DeploymentRow = typeof deployments.$inferSelect;
export type SpokeRow = typeof spokes.$inferSelect;
export type StepRow = typeof deploymentSteps.$inferSelect;

export interface EventDraft {
  type: EventType;
  /** Defaults to the deployment the change belongs to. */
  deploymentId?: string;
  message: string;
  step?: string;
  attempt?: number;
  level?: EventLevel;
  data?: Record<string, unknown>;
}

export function toEvent(spokeId: string, deploymentId: string | null, d: EventDraft): NewDeploymentEvent {
  return {
    spokeId,
    deploymentId: d.deploymentId ?? deploymentId,
    type: d.type,
    step: d.step ?? null,
    attempt: d.attempt ?? null,
    level: d.level ?? "info",
    message: d.message,
    data: d.data ?? {},
  };
}

/** Run `fn` in a transaction and append the events it returns, in the same transaction. */
export async function change<T>(
  db: Db,
  spokeId: string,
  deploymentId: string | null,
  fn: (tx: Tx) => Promise<{ events: EventDraft[]; result?: T }>,
): Promise<T | undefined> {
  return db.transaction(async (tx) => {
    const { events, result } = await fn(tx);
    if (events.length)
      await appendEvents(
        tx,
        spokeId,
        events.map((e) => toEvent(spokeId, deploymentId, e)),
      );
    return result;
  });
}

export interface LoadedDeployment {
  deployment: DeploymentRow;
  spoke: SpokeRow;
  config: SpokeConfig;
  steps: Map<string, StepRow>;
}

export async function loadDeployment(db: Db, deploymentId: string): Promise<LoadedDeployment | undefined> {
  const [row] = await db
    .select({ deployment: deployments, spoke: spokes })
    .from(deployments)
    .innerJoin(spokes, eq(spokes.id, deployments.spokeId))
    .where(eq(deployments.id, deploymentId))
    .limit(1);
  if (!row) return undefined;
  const steps = await db.select().from(deploymentSteps).where(eq(deploymentSteps.deploymentId, deploymentId));
  return {
    ...row,
    config: row.spoke.desiredConfig as SpokeConfig, // safe because only createSpoke writes it, from a validated plan
    steps: new Map(steps.map((s) => [s.key, s])),
  };
}

export async function latestDeployment(db: Db | Tx, spokeId: string): Promise<DeploymentRow | undefined> {
  const [row] = await db
    .select()
    .from(deployments)
    .where(eq(deployments.spokeId, spokeId))
    .orderBy(desc(deployments.createdAt))
    .limit(1);
  return row;
}

export async function isCancelRequested(db: Db, deploymentId: string): Promise<boolean> {
  const [row] = await db
    .select({ at: deployments.cancelRequestedAt })
    .from(deployments)
    .where(eq(deployments.id, deploymentId))
    .limit(1);
  return Boolean(row?.at);
}

export async function upsertStep(
  tx: Tx,
  deploymentId: string,
  key: string,
  set: Partial<Omit<StepRow, "deploymentId" | "key">>,
) {
  await tx
    .insert(deploymentSteps)
    .values({ deploymentId, key, ...set })
    .onConflictDoUpdate({ target: [deploymentSteps.deploymentId, deploymentSteps.key], set });
}

export async function setSpokeStatus(tx: Tx, spokeId: string, status: string, extra: Partial<SpokeRow> = {}) {
  await tx
    .update(spokes)
    .set({ status, updatedAt: new Date(), ...extra })
    .where(eq(spokes.id, spokeId));
}

export async function setDeployment(tx: Tx, deploymentId: string, set: Partial<DeploymentRow>) {
  await tx.update(deployments).set(set).where(eq(deployments.id, deploymentId));
}

/** Deployments that should be running: queued or running, oldest first (the start-up sweep). */
export async function unfinishedDeployments(db: Db): Promise<{ id: string; spokeId: string }[]> {
  return db
    .select({ id: deployments.id, spokeId: deployments.spokeId })
    .from(deployments)
    .where(and(sql`${deployments.status} in ('queued', 'running')`))
    .orderBy(deployments.createdAt);
}
