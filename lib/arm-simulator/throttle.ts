import type { ComputePolicy, ComputeThrottleSettings, ThrottleSettings } from "./types";

export type RequestClass = "reads" | "writes" | "deletes";

/**
 * Compute's subscription-level VM policies as Azure documents them
 * (https://learn.microsoft.com/azure/virtual-machines/compute-throttling-limits, "Throttling
 * limits for Virtual machines"; ARM-REFERENCE §7.2): maximum bucket capacity and refill per minute.
 */
export const DEFAULT_COMPUTE_THROTTLE: Required<ComputeThrottleSettings> & {
  policies: Record<ComputePolicy, { size: number; refillPerMinute: number }>;
} = {
  enabled: true,
  policies: {
    PutVM: { size: 1500, refillPerMinute: 500 },
    UpdateVM: { size: 1500, refillPerMinute: 500 },
    DeleteVM: { size: 1500, refillPerMinute: 500 },
    LowCostGet: { size: 24000, refillPerMinute: 8000 },
    HighCostGet: { size: 900, refillPerMinute: 300 },
    GetOperation: { size: 15000, refillPerMinute: 5000 },
  },
};

/** On by default: real ARM always throttles, so the simulator does too. */
export const DEFAULT_THROTTLE: ThrottleSettings = {
  enabled: true,
  reads: { size: 250, refillPerSecond: 25 },
  writes: { size: 200, refillPerSecond: 10 },
  deletes: { size: 200, refillPerSecond: 10 },
  compute: DEFAULT_COMPUTE_THROTTLE,
};

interface Bucket {
  tokens: number;
  at: number;
  /** Requests counted since the bucket was last full (a 429's measuredRequestCount). */
  measured: number;
  since: number;
}

export type Take = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

/**
 * ARM's token bucket (ARM-REFERENCE §7), one bucket per request class, and Compute's per-minute
 * policies behind it (ARM-REFERENCE §7.2), one bucket per subscription and policy. Refill follows the
 * simulator's time scale so a time-compressed benchmark sees the same budget per "Azure second".
 */
export class Throttle {
  private buckets = new Map<string, Bucket>();

  constructor(
    public settings: ThrottleSettings,
    private timeScale: () => number,
    private now: () => number = Date.now,
  ) {}

  configure(settings: Partial<ThrottleSettings>): void {
    const compute = settings.compute ?? this.settings.compute;
    this.settings = {
      ...this.settings,
      ...settings,
      compute: compute && { ...compute, policies: { ...DEFAULT_COMPUTE_THROTTLE.policies, ...compute.policies } },
    };
    this.buckets.clear();
  }

  /** Takes a token; returns remaining tokens, or the wait in ms when the bucket is empty. */
  take(cls: RequestClass): Take {
    const spec = this.settings[cls];
    if (!this.settings.enabled) return { ok: true, remaining: spec.size };
    return this.takeFrom(cls, spec.size, spec.refillPerSecond);
  }

  /** The Compute policy's current settings (documented defaults unless configured). */
  computePolicy(policy: ComputePolicy): { size: number; refillPerMinute: number } {
    return this.settings.compute?.policies?.[policy] ?? DEFAULT_COMPUTE_THROTTLE.policies[policy];
  }

  computeEnabled(): boolean {
    return this.settings.enabled && (this.settings.compute?.enabled ?? true);
  }

  /** Takes a token of a Compute policy for a subscription. */
  takeCompute(subscriptionId: string, policy: ComputePolicy): Take & { measured: number; since: number } {
    const spec = this.computePolicy(policy);
    if (!this.computeEnabled()) return { ok: true, remaining: spec.size, measured: 0, since: this.now() };
    const key = `compute|${subscriptionId.toLowerCase()}|${policy}`;
    const t = this.takeFrom(key, spec.size, spec.refillPerMinute / 60);
    const b = this.buckets.get(key);
    return { ...t, measured: b?.measured ?? 0, since: b?.since ?? this.now() };
  }

  private takeFrom(key: string, size: number, refillPerSecond: number): Take {
    const rate = refillPerSecond / Math.max(this.timeScale(), 1e-6) / 1000; // tokens per ms
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: size, at: now, measured: 0, since: now };
    bucket.tokens = Math.min(size, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    if (bucket.tokens >= size) {
      bucket.measured = 0;
      bucket.since = now;
    }
    bucket.measured += 1;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / rate) };
  }
}
