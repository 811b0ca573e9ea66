/**
 * The DAG core of a workflow (ARCHITECTURE.md §5): every step whose dependencies are satisfied runs at
 * once. It knows nothing of persistence or Azure: `executeStep` does the work and reports the
 * outcome, so the same core drives create, teardown and rollback. Client-safe.
 */
import { STEP_STATUSES_SATISFYING_DEPENDANTS, type StepStatus } from "@/lib/ledger/status";

export type DagNode = { readonly key: string; readonly dependsOn: readonly string[] };
export type DagStep<Ctx = unknown, Out = unknown> = DagNode & { run(ctx: Ctx): Promise<Out> };

export type StepOutcome = "succeeded" | "failed" | "skipped";
export type StatusMap = Record<string, StepStatus>;

const SATISFYING = new Set<StepStatus>(STEP_STATUSES_SATISFYING_DEPENDANTS);

/** Problems with a graph, empty when it is valid: duplicate keys, unknown dependencies, cycles. */
export function dagErrors(steps: readonly DagNode[]): string[] {
  const errors: string[] = [];
  const keys = new Set<string>();
  for (const step of steps) {
    if (keys.has(step.key)) errors.push(`duplicate step ${step.key}`);
    keys.add(step.key);
  }
  for (const step of steps) {
    for (const dep of step.dependsOn) {
      if (!keys.has(dep)) errors.push(`step ${step.key} depends on unknown step ${dep}`);
    }
  }
  const cycle = findCycle(steps);
  if (cycle) errors.push(`cycle: ${cycle.join(" → ")}`);
  return errors;
}

export function assertValidDag(steps: readonly DagNode[]): void {
  const errors = dagErrors(steps);
  if (errors.length > 0) throw new Error(`invalid workflow graph: ${errors.join("; ")}`);
}

/** Depth-first search; returns the keys along the first cycle found, closed on its start. */
function findCycle(steps: readonly DagNode[]): string[] | null {
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === "done") return null;
    if (state.get(key) === "visiting") return [...path.slice(path.indexOf(key)), key];
    state.set(key, "visiting");
    path.push(key);
    for (const dep of byKey.get(key)?.dependsOn ?? []) {
      const found = byKey.has(dep) ? visit(dep) : null;
      if (found) return found;
    }
    path.pop();
    state.set(key, "done");
    return null;
  };
  for (const step of steps) {
    const found = visit(step.key);
    if (found) return found;
  }
  return null;
}

/** Pending steps whose dependencies all succeeded or were skipped. */
export function readySteps<S extends DagNode>(steps: readonly S[], statuses: Readonly<Partial<StatusMap>>): S[] {
  return steps.filter(
    (step) =>
      (statuses[step.key] ?? "pending") === "pending" &&
      step.dependsOn.every((dep) => SATISFYING.has(statuses[dep] ?? "pending")),
  );
}

/** Steps in dependency order (stable with respect to the input order). */
export function topologicalOrder<S extends DagNode>(steps: readonly S[]): S[] {
  assertValidDag(steps);
  const done = new Set<string>();
  const ordered: S[] = [];
  while (ordered.length < steps.length) {
    for (const step of steps) {
      if (!done.has(step.key) && step.dependsOn.every((dep) => done.has(dep))) {
        ordered.push(step);
        done.add(step.key);
      }
    }
  }
  return ordered;
}

export type RunDagOptions<S extends DagNode> = {
  /** Stored statuses when resuming; "running" is treated as pending, since it must run again (ARCHITECTURE.md §5.3). */
  initialStatuses?: Readonly<Partial<StatusMap>>;
  executeStep(step: S): Promise<StepOutcome>;
  /** On abort no new step starts; running steps are awaited (they watch the signal themselves). */
  signal?: AbortSignal;
  /** Called for every status change, in the order they happen. */
  onStatus?(key: string, status: StepStatus): void;
  /**
   * A throwing executeStep marks its step failed and is reported here. Without this hook the
   * errors are rethrown as one AggregateError once every running step has settled.
   */
  onStepError?(step: S, error: unknown): void;
};

function initialStatusMap(steps: readonly DagNode[], given: Readonly<Partial<StatusMap>> = {}): StatusMap {
  const statuses: StatusMap = {};
  for (const { key } of steps) {
    const status = given[key] ?? "pending";
    statuses[key] = status === "running" ? "pending" : status;
  }
  return statuses;
}

/**
 * Runs the graph until nothing more can start. Dependants of a failed step stay pending; the
 * caller decides what a pending step left at the end means (blocked, canceled).
 */
export async function runDag<S extends DagNode>(steps: readonly S[], opts: RunDagOptions<S>): Promise<StatusMap> {
  assertValidDag(steps);
  const statuses = initialStatusMap(steps, opts.initialStatuses);
  const running = new Map<string, Promise<void>>();
  const thrown: unknown[] = [];
  const setStatus = (key: string, status: StepStatus) => {
    statuses[key] = status;
    opts.onStatus?.(key, status);
  };
  const launch = (step: S) => {
    setStatus(step.key, "running");
    const settled = Promise.resolve()
      .then(() => opts.executeStep(step))
      .then(
        (outcome) => setStatus(step.key, outcome === "succeeded" || outcome === "skipped" ? outcome : "failed"),
        (error: unknown) => {
          setStatus(step.key, "failed");
          if (!opts.onStepError) return void thrown.push(error);
          try {
            opts.onStepError(step, error);
          } catch (hookError) {
            thrown.push(hookError);
          }
        },
      )
      .finally(() => running.delete(step.key));
    running.set(step.key, settled);
  };
  for (;;) {
    if (!opts.signal?.aborted) readySteps(steps, statuses).forEach(launch);
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (thrown.length > 0) throw new AggregateError(thrown, "workflow steps threw");
  return statuses;
}
