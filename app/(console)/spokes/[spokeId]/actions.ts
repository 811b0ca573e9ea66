"use server";

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { cancelDeployment, retryDeployment, rollbackDeployment, teardownSpoke } from "@/lib/spokes/deployment-actions";
import { powerSpoke } from "@/lib/spokes/power-spoke";
import { planSpokeUpdate } from "@/lib/spokes/update-plan";
import { updateSpoke } from "@/lib/spokes/update-spoke";
import { planTeardown } from "@/lib/spokes/teardown-plan";
import { actionCtx, runSpokeAction } from "../action-helpers";

const OPERATIONS = {
  retry: retryDeployment,
  rollback: rollbackDeployment,
  cancel: cancelDeployment,
  teardown: teardownSpoke,
};
// An enum, not a key lookup: the argument comes from the client, and `constructor` is a key of every object.
const SpokeOperation = z.enum(["retry", "rollback", "cancel", "teardown"]);
export type SpokeOperation = z.infer<typeof SpokeOperation>;

/** Retry, Roll back, Cancel or Tear down one spoke; the verb checks ownership and state (and a teardown's typed `confirm`). */
export async function spokeOperationAction(ref: string, operation: SpokeOperation, confirm?: string) {
  return runSpokeAction(async () => {
    const parsed = SpokeOperation.safeParse(operation);
    if (!parsed.success)
      throw new AppError("bad_request", "Unknown operation; use retry, rollback, cancel or teardown");
    if (parsed.data === "teardown")
      return teardownSpoke({
        ctx: await actionCtx(),
        input: { ref: String(ref), confirm: typeof confirm === "string" ? confirm : undefined },
      });
    return OPERATIONS[parsed.data]({ ctx: await actionCtx(), input: { ref: String(ref) } });
  });
}

/** The what-if of a teardown: the verb checks ownership and reads live Azure. */
export async function planTeardownAction(ref: string) {
  return runSpokeAction(async () => planTeardown({ ctx: await actionCtx(), input: { ref: String(ref) } }));
}

/** The what-if of an Edit: the verb checks ownership and reads live Azure. */
export async function planUpdateAction(ref: string, body: unknown) {
  return runSpokeAction(async () => planSpokeUpdate({ ctx: await actionCtx(), input: { ref: String(ref), body } }));
}

/** Apply an Edit (an update deployment); a disruptive one carries the typed confirmation in `confirm`. */
export async function updateSpokeAction(ref: string, body: unknown) {
  return runSpokeAction(async () => updateSpoke({ ctx: await actionCtx(), input: { ref: String(ref), body } }));
}

/** Start, stop, restart or deallocate the VM. */
export async function powerAction(ref: string, action: string) {
  return runSpokeAction(async () =>
    powerSpoke({ ctx: await actionCtx(), input: { ref: String(ref), body: { action } } }),
  );
}
