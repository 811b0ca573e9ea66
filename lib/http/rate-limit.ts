/**
 * Per-process sliding-window limits (create per user, sign-in per address). Each app instance
 * counts on its own, so N instances allow up to N× the rate: a brake on runaway scripts, not a quota.
 */
import { AppError } from "@/lib/errors";

const windows = new Map<string, number[]>();

export function rateLimit(key: string, limit: number, windowMs: number, what: string): void {
  const now = Date.now();
  const hits = (windows.get(key) ?? []).filter((t) => now - t < windowMs);
  if (hits.length >= limit) {
    const retryAfter = Math.max(1, Math.ceil((windowMs - (now - (hits[0] ?? now))) / 1000));
    windows.set(key, hits);
    throw new AppError("rate_limited", `Too many ${what}; try again in ${retryAfter} s`, { retryAfterSeconds: retryAfter });
  }
  hits.push(now);
  windows.set(key, hits);
  if (windows.size > 10_000) {
    for (const [k, v] of windows) if (!v.some((t) => now - t < windowMs)) windows.delete(k);
  }
}

export const LIMITS = {
  create: { limit: 30, windowMs: 60_000 },
  signIn: { limit: 10, windowMs: 60_000 },
} as const;
