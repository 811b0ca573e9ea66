/**
 * Event-sequence helpers (issue 4, item 8). Steps run concurrently, so a total order of all
 * events is not a contract; the contract is the order within each step and the order of the
 * deployment-level events. Tests only.
 */
import type { deploymentEvents } from "@/db/schema";
import { CREATE_WORKFLOW, TEARDOWN_WORKFLOW, type WorkflowStep } from "../workflows";

export type EventRow = typeof deploymentEvents.$inferSelect;

/** Deployment-level events (no step), in cursor order. gateway.applied belongs to the hub's writer, not to a deployment's order. */
export function deploymentLevel(events: EventRow[]): string[] {
  return events.filter((e) => !e.step && e.type !== "gateway.applied").map((e) => e.type);
}

/** Event types per step of one deployment, each list in cursor order. Steps without events are absent. */
export function perStep(events: EventRow[], deploymentId: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) {
    if (e.deploymentId !== deploymentId || !e.step) continue;
    (out[e.step] ??= []).push(e.type);
  }
  return out;
}

const OK = ["step.started", "step.succeeded"];

/** Steps downstream of `key` in a workflow: they never start when `key` fails. */
export function descendants(workflow: readonly WorkflowStep[], key: string): Set<string> {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of workflow) {
      if (!out.has(s.key) && s.dependsOn.some((d) => d === key || out.has(d))) {
        out.add(s.key);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * The create's per-step events when `failed` fails: every step not downstream of it runs to
 * success (independent branches go on), the failed one ends step.failed, its dependants never start.
 */
export function expectedCreateSteps(
  failed: string,
  overrides: Record<string, string[]> = {},
): Record<string, string[]> {
  const blocked = descendants(CREATE_WORKFLOW, failed);
  const out: Record<string, string[]> = {};
  for (const s of CREATE_WORKFLOW) {
    if (blocked.has(s.key)) continue;
    out[s.key] = overrides[s.key] ?? (s.key === failed ? ["step.started", "step.failed"] : OK);
  }
  return out;
}

export function expectedCompleteSteps(overrides: Record<string, string[]> = {}): Record<string, string[]> {
  return Object.fromEntries(CREATE_WORKFLOW.map((s) => [s.key, overrides[s.key] ?? OK]));
}

/** A clean teardown or rollback: every step once, verify_cleanup reporting before it succeeds. */
export function expectedTeardownSteps(overrides: Record<string, string[]> = {}): Record<string, string[]> {
  return Object.fromEntries(
    TEARDOWN_WORKFLOW.map((s) => [
      s.key,
      overrides[s.key] ?? (s.key === "verify_cleanup" ? ["step.started", "cleanup.report", "step.succeeded"] : OK),
    ]),
  );
}

/** `started (retrying started)* <last>`: a step retried some number of times before its verdict. */
export function isRetriedThen(types: string[] | undefined, last: string, minRetries = 1): boolean {
  if (!types || types.length < 2 + 2 * minRetries || types[0] !== "step.started" || types.at(-1) !== last) return false;
  const middle = types.slice(1, -1);
  return middle.length % 2 === 0 && middle.every((t, i) => t === (i % 2 === 0 ? "step.retrying" : "step.started"));
}

/** Each step of `workflow` started only after every dependency had finished (dependency order). */
export function dependencyOrderViolations(
  workflow: readonly WorkflowStep[],
  steps: Map<string, { startedAt: Date | null; finishedAt: Date | null }>,
): string[] {
  const bad: string[] = [];
  for (const s of workflow) {
    const started = steps.get(s.key)?.startedAt;
    for (const d of s.dependsOn) {
      const done = steps.get(d)?.finishedAt;
      if (!started || !done || done.getTime() > started.getTime()) bad.push(`${s.key} started before ${d} finished`);
    }
  }
  return bad;
}

export const CREATE_OK_DEPLOYMENT = ["deployment.queued", "deployment.started", "deployment.succeeded"];
export const CREATE_ROLLED_BACK_DEPLOYMENT = [
  "deployment.queued",
  "deployment.started",
  "deployment.failed",
  "deployment.queued",
  "deployment.rolling_back",
  "deployment.started",
  "deployment.rolled_back",
];
