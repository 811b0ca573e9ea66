import type { ThrottleSettings } from "./types";

export type RequestClass = "reads" | "writes" | "deletes";

/** On by default: real ARM always throttles, so the simulator does too. */
export const DEFAULT_THROTTLE: ThrottleSettings = {
  enabled: true,
  reads: { size: 250, refillPerSecond: 25 },
  writes: { size: 200, refillPerSecond: 10 },
  deletes: { size: 200, refillPerSecond: 10 },
};

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * ARM's token bucket (ARM-REFERENCE §7), one bucket per request class. Refill follows the
 * simulator's time scale so a time-compressed benchmark sees the same budget per "Azure second".
 */
export class Throttle {
  private buckets = new Map<RequestClass, Bucket>();

  constructor(
    public settings: ThrottleSettings,
    private timeScale: () => number,
    private now: () => number = Date.now,
  ) {}

  configure(settings: Partial<ThrottleSettings>): void {
    this.settings = { ...this.settings, ...settings };
    this.buckets.clear();
  }

  /** Takes a token; returns remaining tokens, or the wait in ms when the bucket is empty. */
  take(cls: RequestClass): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    const spec = this.settings[cls];
    if (!this.settings.enabled) return { ok: true, remaining: spec.size };
    const rate = spec.refillPerSecond / Math.max(this.timeScale(), 1e-6) / 1000; // tokens per ms
    const now = this.now();
    const bucket = this.buckets.get(cls) ?? { tokens: spec.size, at: now };
    bucket.tokens = Math.min(spec.size, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.set(cls, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / rate) };
  }
}
