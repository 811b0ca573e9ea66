/** Find a spoke the actor may see. Another user's spoke is "not found", never "forbidden". */
import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { spokes } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { SpokeRef } from "./schemas";

export type SpokeRow = typeof spokes.$inferSelect;

export function notFound(ref: string | number): AppError {
  return new AppError("not_found", `Spoke ${String(ref).slice(0, 60)} not found`);
}

/** By uuid, or by number: the live spoke with that number, else its most recent predecessor. */
export async function resolveSpoke(db: DbOrTx, actor: Actor, rawRef: string): Promise<SpokeRow> {
  const parsed = SpokeRef.safeParse(rawRef);
  if (!parsed.success) throw notFound(rawRef);
  const ref = parsed.data;
  const owner: SQL | undefined = actor.role === "admin" ? undefined : eq(spokes.ownerId, actor.id);
  if (typeof ref === "string") {
    const [row] = await db
      .select()
      .from(spokes)
      .where(and(eq(spokes.id, ref), owner))
      .limit(1);
    if (!row) throw notFound(rawRef);
    return row;
  }
  const [live] = await db
    .select()
    .from(spokes)
    .where(and(eq(spokes.spokeNumber, ref), isNull(spokes.deletedAt), owner))
    .limit(1);
  if (live) return live;
  const [past] = await db
    .select()
    .from(spokes)
    .where(and(eq(spokes.spokeNumber, ref), owner))
    .orderBy(desc(spokes.createdAt))
    .limit(1);
  if (!past) throw notFound(rawRef);
  return past;
}
