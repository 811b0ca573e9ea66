"use server";

import { cancelDeployment, retryDeployment, rollbackDeployment, teardownSpoke } from "@/lib/spokes/deployment-actions";
import { actionCtx, runSpokeAction } from "../action-helpers";

const OPERATIONS = { retry: retryDeployment, rollback: rollbackDeployment, cancel: cancelDeployment, teardown: teardownSpoke };
export type SpokeOperation = keyof typeof OPERATIONS;

/** Retry, Roll back, Cancel or Tear down one spoke; the verb checks ownership and state. */
export async function spokeOperationAction(ref: string, operation: SpokeOperation) {
  return runSpokeAction(async () => {
    const run = OPERATIONS[operation];
    if (!run) throw new Error(`unknown operation ${String(operation)}`);
    return run({ ctx: await actionCtx(), input: { ref: String(ref) } });
  });
}
