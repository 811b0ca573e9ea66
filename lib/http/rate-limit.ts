/**
 * Per-process sliding-window limits (create per user, sign-in per account). Each app instance
 * counts on its own, so N instances allow up to N× the rate: a brake on runaway scripts, not a quota.
 */
import { AppError } from "@/lib/errors";

interface Hit {
  at: number;
  token?: string;
}

// On globalThis: Next bundles route handlers and server actions separately, and the sign-in
// form (an action) and the credentials callback (a route) must share one counter.
const store = globalThis as typeof globalThis & { __hscRateLimits?: Map<string, Hit[]> };
const windows = (store.__hscRateLimits ??= new Map<string, Hit[]>());

export interface RateLimitOptions {
  /**
   * Hits carrying a token already counted in the window are free: retries of one request
   * (the same Idempotency-Key) are one attempt, however many copies a client sends.
   */
  token?: string;
}

/** The seconds to wait when `key` is over its limit, else undefined (and the hit is counted). */
export function takeRateLimit(key: string, limit: number, windowMs: number, opts: RateLimitOptions = {}): number | undefined {
  const now = Date.now();
  const hits = (windows.get(key) ?? []).filter((h) => now - h.at < windowMs);
  if (opts.token !== undefined && hits.some((h) => h.token === opts.token)) {
    windows.set(key, hits);
    return undefined;
  }
  if (hits.length >= limit) {
    windows.set(key, hits);
    return Math.max(1, Math.ceil((windowMs - (now - (hits[0]?.at ?? now))) / 1000));
  }
  hits.push({ at: now, token: opts.token });
  windows.set(key, hits);
  if (windows.size > 10_000) {
    for (const [k, v] of windows) if (!v.some((h) => now - h.at < windowMs)) windows.delete(k);
  }
  return undefined;
}

/** As takeRateLimit, but throws the 429 AppError (with Retry-After) when over the limit. */
export function rateLimit(key: string, limit: number, windowMs: number, what: string, opts: RateLimitOptions = {}): void {
  const retryAfter = takeRateLimit(key, limit, windowMs, opts);
  if (retryAfter !== undefined) {
    throw new AppError("rate_limited", `Too many ${what}; try again in ${retryAfter} s`, { retryAfterSeconds: retryAfter });
  }
}

export const LIMITS = {
  create: { limit: 30, windowMs: 60_000 },
  /** The limit is SIGN_IN_RATE_LIMIT (default 10), counted per account (the email). */
  signIn: { windowMs: 60_000 },
} as const;
