/**
 * Appends deployment events inside the caller's transaction — the one making the state change the
 * events report — so an event exists exactly when its change committed (ARCHITECTURE.md §4, §10).
 */
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { deploymentEvents, spokes } from "@/db/schema";
import { DeploymentEvent } from "./events";
import { EVENTS_CHANNEL, encodeWake } from "./channel";
import { toDeploymentEvent } from "./read";

/** What a writer supplies: seq and at are assigned here, spokeId comes from the argument. */
export type AppendableEvent = Omit<z.input<typeof DeploymentEvent>, "seq" | "at" | "spokeId" | "deploymentId"> & {
  deploymentId?: string | null;
  spokeId?: string;
};

/** Placeholder cursor and time used only to run the schema's checks before seq is allocated. */
const CHECK_SEQ = 1;

function validate(spokeId: string, events: readonly AppendableEvent[]) {
  return events.map((e, i) => {
    if (e.spokeId !== undefined && e.spokeId !== spokeId) {
      throw new Error(`event ${i} names spoke ${e.spokeId}, appended to ${spokeId}`);
    }
    const parsed = DeploymentEvent.safeParse({
      ...e,
      spokeId,
      deploymentId: e.deploymentId ?? null,
      seq: CHECK_SEQ,
      at: new Date().toISOString(),
    });
    if (!parsed.success) {
      throw new Error(
        `invalid ${e.type} event: ${parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`,
      );
    }
    return parsed.data;
  });
}

/**
 * Allocates `events.length` seqs under the spoke row's lock, inserts the rows and queues a NOTIFY.
 * The row lock is held to commit, so commit order equals seq order; Postgres delivers the NOTIFY
 * only on commit, so a listener never hears of a seq it cannot read yet.
 */
export async function appendEvents(
  tx: Tx,
  spokeId: string,
  events: readonly AppendableEvent[],
): Promise<DeploymentEvent[]> {
  if (events.length === 0) return [];
  const checked = validate(spokeId, events);
  const [bumped] = await tx
    .update(spokes)
    .set({ lastEventSeq: sql`${spokes.lastEventSeq} + ${checked.length}` })
    .where(eq(spokes.id, spokeId))
    .returning({ lastSeq: spokes.lastEventSeq });
  if (!bumped) throw new Error(`spoke ${spokeId} not found`);
  const firstSeq = bumped.lastSeq - checked.length + 1;
  const inserted = await tx
    .insert(deploymentEvents)
    .values(
      checked.map((e, i) => ({
        spokeId,
        seq: firstSeq + i,
        deploymentId: e.deploymentId,
        // Read after the lock is taken, so `at` rises with seq across transactions too.
        at: sql`clock_timestamp()`,
        type: e.type,
        step: e.step ?? null,
        attempt: e.attempt ?? null,
        level: e.level,
        message: e.message,
        data: e.data,
      })),
    )
    .returning();
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${encodeWake(spokeId, bumped.lastSeq)})`);
  return inserted.map(toDeploymentEvent).sort((a, b) => a.seq - b.seq);
}
