/**
 * The ledger of gateway entries the product created (table gateway_owned_entries), and the
 * per-spoke rejections the reconciler records when it leaves a spoke's entries out of a PUT.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { gatewayEntries, gatewayOwnedEntries } from "@/db/schema";
import { AGW_ENTRY_KINDS, type AgwEntryKind, type SpokeGatewayEntry } from "@/lib/network/gateway-entries";
import type { OwnedEntry, SpokeWish } from "@/lib/network/gateway-ownership";

const isKind = (kind: string): kind is AgwEntryKind => (AGW_ENTRY_KINDS as readonly string[]).includes(kind);

export async function readLedger(db: Db | Tx, hub: string): Promise<OwnedEntry[]> {
  const rows = await db.select().from(gatewayOwnedEntries).where(eq(gatewayOwnedEntries.hub, hub));
  return rows.flatMap((r) => (isKind(r.kind) ? [{ kind: r.kind, name: r.name, spokeId: r.spokeId }] : []));
}

/** Idempotent: a name already claimed (by this spoke, the planner made sure) stays as it is. */
export async function claimEntries(db: Db | Tx, hub: string, entries: readonly OwnedEntry[]): Promise<void> {
  if (!entries.length) return;
  await db
    .insert(gatewayOwnedEntries)
    .values(
      entries.map((e) => ({ hub, kind: e.kind, nameKey: e.name.toLowerCase(), name: e.name, spokeId: e.spokeId })),
    )
    .onConflictDoNothing();
}

export async function releaseEntries(tx: Tx, hub: string, entries: readonly OwnedEntry[]): Promise<void> {
  for (const e of entries) {
    await tx
      .delete(gatewayOwnedEntries)
      .where(
        and(
          eq(gatewayOwnedEntries.hub, hub),
          eq(gatewayOwnedEntries.kind, e.kind),
          eq(gatewayOwnedEntries.nameKey, e.name.toLowerCase()),
          eq(gatewayOwnedEntries.spokeId, e.spokeId),
        ),
      );
  }
}

/** Marks each left-out spoke's wish as refused up to `generation`, so its waiting step fails with the reason. */
export async function recordRejections(
  tx: Tx,
  hub: string,
  generation: number,
  rejected: ReadonlyMap<string, string>,
): Promise<void> {
  for (const [spokeId, reason] of rejected) {
    await tx
      .update(gatewayEntries)
      .set({
        rejectedGeneration: sql`greatest(${gatewayEntries.rejectedGeneration}, ${generation})`,
        rejectedReason: reason,
      })
      .where(and(eq(gatewayEntries.hub, hub), eq(gatewayEntries.spokeId, spokeId)));
  }
}

/** The spoke's own refusal, if the reconciler refused a generation at least as new as `generation`. */
export async function rejectionOf(
  db: Db,
  hub: string,
  spokeId: string,
  generation: number,
): Promise<string | undefined> {
  const [row] = await db
    .select({ generation: gatewayEntries.rejectedGeneration, reason: gatewayEntries.rejectedReason })
    .from(gatewayEntries)
    .where(and(eq(gatewayEntries.hub, hub), eq(gatewayEntries.spokeId, spokeId)))
    .limit(1);
  return row && row.generation >= generation ? (row.reason ?? "The gateway refused this spoke's entries") : undefined;
}

export function toWish(row: typeof gatewayEntries.$inferSelect): SpokeWish {
  // safe because both columns are written only by setDesiredGatewayEntry
  return {
    spokeId: row.spokeId,
    names: row.names as SpokeGatewayEntry["names"],
    entry: row.entries as SpokeGatewayEntry | null,
  };
}
