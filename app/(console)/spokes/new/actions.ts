"use server";

import { createSpoke } from "@/lib/spokes/create-spoke";
import { actionCtx, runSpokeAction } from "../action-helpers";

/** Confirm on the plan review: record the spoke and enqueue its create (the verb re-validates all). */
export async function createSpokeAction(body: unknown, idempotencyKey: string) {
  return runSpokeAction(async () => {
    const ctx = await actionCtx();
    return createSpoke({ ctx, input: body, idempotencyKey });
  });
}
