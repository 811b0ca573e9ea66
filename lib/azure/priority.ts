import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Who gets the subscription's ARM budget first when it runs short:
 * - `finish`: work that frees or finishes things (rollback, teardown, the gateway writer,
 *   convergence checks) — may spend the last token;
 * - `start`: starting new work (a create's steps, pre-flight);
 * - `view`: live views, which can always be refreshed later.
 */
export type ArmPriority = "finish" | "start" | "view";

const store = new AsyncLocalStorage<ArmPriority>();

/** Runs fn with every ARM call it makes (LRO polls included) at this priority. */
export function withArmPriority<T>(priority: ArmPriority, fn: () => Promise<T>): Promise<T> {
  return store.run(priority, fn);
}

/** The caller's priority; a call made outside any context counts as starting new work. */
export function currentArmPriority(): ArmPriority {
  return store.getStore() ?? "start";
}
