"use server";

import { LIMITS, rateLimit } from "@/lib/http/rate-limit";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { actionCtx, runSpokeAction } from "../action-helpers";

/** Confirm on the plan review: record the spoke and enqueue its create (the verb re-validates all). */
export async function createSpokeAction(body: unknown, idempotencyKey: string) {
  return runSpokeAction(async () => {
    const ctx = await actionCtx();
    rateLimit(`create:${ctx.actor.id}`, LIMITS.create.limit, LIMITS.create.windowMs, "spoke creations");
    return createSpoke({ ctx, input: body, idempotencyKey });
  });
}
