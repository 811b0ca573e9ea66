/**
 * When to try a failed step again (ARCHITECTURE.md §6): exponential backoff with full jitter, never
 * sooner than the server's Retry-After, within an attempt cap and a time budget. Pure: the
 * random source and a time scale are injected so tests and time-scaled benchmarks are exact.
 */
import type { ErrorClass } from "@/lib/ledger/status";

export type RetryPolicy = {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total attempts allowed, the first one included. */
  maxAttempts: number;
  /** No retry is scheduled that would start later than this after the first attempt began. */
  timeBudgetMs: number;
  /** "full": uniform in [0, backoff]; "none": exactly the backoff (cleanup's 1, 2, 4 … 60 s). */
  jitter: "full" | "none";
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  maxAttempts: 8,
  timeBudgetMs: 10 * 60_000,
  jitter: "full",
};

/** verify_cleanup's force-delete loop (ARCHITECTURE.md §5.2). */
export const CLEANUP_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxAttempts: 10,
  timeBudgetMs: 10 * 60_000,
  jitter: "none",
};

/** Wait after a throttling answer that carried no Retry-After (Azure seconds, scaled). */
export const THROTTLED_DEFAULT_WAIT_MS = 5_000;

export type RetryInput = {
  error: { class: ErrorClass; retryAfterMs?: number; throttled?: boolean };
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** Time since the step's first attempt started. */
  elapsedMs: number;
  policy?: Partial<RetryPolicy>;
  /** Returns [0, 1); Math.random by default. */
  random?: () => number;
  /** Multiplies our own backoff (SIM_TIME_SCALE); the server's Retry-After is honoured as sent. */
  scale?: number;
};

export type RetryDecision = {
  retry: boolean;
  delayMs: number;
  reason: "permanent" | "attempts_exhausted" | "budget_exhausted" | "backoff" | "retry_after" | "throttled";
};

/** Capped exponential backoff for the given attempt, before jitter. */
export function backoffCeilingMs(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
}

/**
 * Throttling is Azure asking us to wait, not the step failing: it is always retried after the
 * server's Retry-After, and the caller does not count it against the attempts or the time budget.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const policy = { ...DEFAULT_RETRY_POLICY, ...input.policy };
  if (input.error.throttled) {
    const wait = input.error.retryAfterMs ?? Math.round(THROTTLED_DEFAULT_WAIT_MS * (input.scale ?? 1));
    return { retry: true, delayMs: Math.max(1, wait), reason: "throttled" };
  }
  if (input.error.class === "permanent") return { retry: false, delayMs: 0, reason: "permanent" };
  if (input.attempt >= policy.maxAttempts) return { retry: false, delayMs: 0, reason: "attempts_exhausted" };
  const ceiling = backoffCeilingMs(input.attempt, policy);
  const random = input.random ?? Math.random;
  const jittered = policy.jitter === "full" ? Math.floor(random() * ceiling) : ceiling;
  const backoff = Math.round(jittered * (input.scale ?? 1));
  const retryAfter = input.error.retryAfterMs ?? 0;
  const delayMs = Math.max(backoff, retryAfter);
  if (input.elapsedMs + delayMs > policy.timeBudgetMs) return { retry: false, delayMs: 0, reason: "budget_exhausted" };
  return { retry: true, delayMs, reason: retryAfter > backoff ? "retry_after" : "backoff" };
}
