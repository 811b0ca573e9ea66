/**
 * Idempotency-Key for create and update: the key's shape, and the caller's earlier deployment with
 * that key (keys are per user). Each verb decides what a match means for it.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { deployments, spokes } from "@/db/schema";
import type { SpokeCtx } from "./context";

export const IdempotencyKey = z
  .string()
  .min(1, "Idempotency-Key must not be empty")
  .max(200, "Idempotency-Key must be at most 200 characters")
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key must be printable ASCII");

/** The caller's deployment recorded with this key, with its spoke; undefined without a key or a match. */
export async function deploymentForKey(
  ctx: Pick<SpokeCtx, "db" | "actor">,
  key: string | undefined,
): Promise<{ deployment: typeof deployments.$inferSelect; spoke: typeof spokes.$inferSelect } | undefined> {
  if (!key) return undefined;
  const [row] = await ctx.db
    .select({ deployment: deployments, spoke: spokes })
    .from(deployments)
    .innerJoin(spokes, eq(spokes.id, deployments.spokeId))
    .where(and(eq(deployments.requestedBy, ctx.actor.id), eq(deployments.idempotencyKey, key)))
    .limit(1);
  return row;
}
