"use server";

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { cancelDeployment, retryDeployment, rollbackDeployment, teardownSpoke } from "@/lib/spokes/deployment-actions";
import { actionCtx, runSpokeAction } from "../action-helpers";

const OPERATIONS = { retry: retryDeployment, rollback: rollbackDeployment, cancel: cancelDeployment, teardown: teardownSpoke };
// An enum, not a key lookup: the argument comes from the client, and `constructor` is a key of every object.
const SpokeOperation = z.enum(["retry", "rollback", "cancel", "teardown"]);
export type SpokeOperation = z.infer<typeof SpokeOperation>;

/** Retry, Roll back, Cancel or Tear down one spoke; the verb checks ownership and state. */
export async function spokeOperationAction(ref: string, operation: SpokeOperation) {
  return runSpokeAction(async () => {
    const parsed = SpokeOperation.safeParse(operation);
    if (!parsed.success) throw new AppError("bad_request", "Unknown operation; use retry, rollback, cancel or teardown");
    return OPERATIONS[parsed.data]({ ctx: await actionCtx(), input: { ref: String(ref) } });
  });
}
