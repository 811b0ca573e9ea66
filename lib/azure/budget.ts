/**
 * One ARM request budget per subscription and process. ARM meters every subscription with token
 * buckets (reads 250 + 25/s, writes and deletes 200 + 10/s) and answers 429 once one is empty, so
 * every caller of the process (deployments, the gateway writer, live views, pre-flight, cleanup)
 * draws from one local model of those buckets: a call waits for a token instead of being refused;
 * each answer's `x-ms-ratelimit-remaining-subscription-*` header corrects the model; a 429 pauses
 * the whole subscription for its Retry-After. Work that frees or finishes things goes first and may
 * spend the last tokens; starting new work and live views leave a reserve for it.
 */
import type { ArmPriority } from "./priority";

export type RequestClass = "reads" | "writes" | "deletes";

export interface BucketSpec {
  size: number;
  refillPerSecond: number;
}

/** The part of an AbortSignal the budget needs (the SDK hands over an AbortSignalLike). */
export interface Abortable {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

export function abortError(): Error {
  const err = new Error("The operation was aborted.");
  err.name = "AbortError";
  return err;
}

export interface BudgetClock {
  now(): number;
  /** Runs fn after ms; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const realClock: BudgetClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
};

/** ARM's documented subscription buckets. */
export const ARM_BUCKETS: Record<RequestClass, BucketSpec> = {
  reads: { size: 250, refillPerSecond: 25 },
  writes: { size: 200, refillPerSecond: 10 },
  deletes: { size: 200, refillPerSecond: 10 },
};

/** Share of a bucket each priority must leave untouched: finishing work may empty it. */
const RESERVE: Record<ArmPriority, number> = { finish: 0, start: 0.1, view: 0.3 };
const RANK: Record<ArmPriority, number> = { finish: 0, start: 1, view: 2 };

export interface BudgetOptions {
  /** App instances sharing the subscription; each plans with 1/instances of every bucket. */
  instances?: number;
  /** Wall seconds per Azure second (the simulator's time scale); refill is divided by it. */
  timeScale?: number;
  buckets?: Record<RequestClass, BucketSpec>;
  clock?: BudgetClock;
}

interface Waiter {
  cls: RequestClass;
  priority: ArmPriority;
  seq: number;
  resolve(): void;
  reject(err: unknown): void;
}

interface Bucket {
  spec: BucketSpec;
  tokens: number;
  at: number;
  inflight: number;
}

export class ArmBudget {
  private buckets: Record<RequestClass, Bucket>;
  private waiters: Waiter[] = [];
  private pausedUntil = 0;
  private seq = 0;
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;
  readonly clock: BudgetClock;
  private readonly timeScale: number;
  private readonly share: number;
  /** Counters for tests and diagnostics. */
  readonly stats = { granted: 0, waited: 0, throttled: 0 };

  constructor(opts: BudgetOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.timeScale = Math.max(opts.timeScale ?? 1, 1e-6);
    const share = 1 / Math.max(1, opts.instances ?? 1);
    this.share = share;
    const specs = opts.buckets ?? ARM_BUCKETS;
    const now = this.clock.now();
    const bucket = (s: BucketSpec): Bucket => {
      const spec = { size: Math.max(1, Math.floor(s.size * share)), refillPerSecond: s.refillPerSecond * share };
      return { spec, tokens: spec.size, at: now, inflight: 0 };
    };
    this.buckets = { reads: bucket(specs.reads), writes: bucket(specs.writes), deletes: bucket(specs.deletes) };
  }

  /** Waits until the request may be sent; the token is spent at once. */
  acquire(cls: RequestClass, priority: ArmPriority, signal?: Abortable): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { cls, priority, seq: this.seq++, resolve, reject };
      const onAbort = () => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(abortError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      w.resolve = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.waiters.push(w);
      this.waiters.sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.seq - b.seq);
      this.pump();
      if (this.waiters.includes(w)) this.stats.waited += 1;
    });
  }

  /** A request ended without an answer (transport error): nothing to learn. */
  release(cls: RequestClass): void {
    const b = this.buckets[cls];
    b.inflight = Math.max(0, b.inflight - 1);
  }

  /**
   * An answer arrived. `remaining` is the subscription's budget as ARM counted it when it handled
   * this request; requests of ours still in flight will spend from it too.
   */
  observe(cls: RequestClass, remaining: number | undefined): void {
    const b = this.refill(cls);
    b.inflight = Math.max(0, b.inflight - 1);
    if (remaining !== undefined && Number.isFinite(remaining)) {
      b.tokens = Math.min(b.spec.size, Math.max(0, remaining * this.share - b.inflight));
    }
    this.pump();
  }

  /** ARM refused with 429: the whole subscription waits, not just the caller. */
  throttled(cls: RequestClass, retryAfterMs: number): void {
    this.stats.throttled += 1;
    this.refill(cls).tokens = 0;
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + Math.max(1, retryAfterMs));
    this.pump();
  }

  /** Fraction of the class's bucket left (1 = full), for callers that pace themselves. */
  level(cls: RequestClass): number {
    const b = this.refill(cls);
    return b.tokens / b.spec.size;
  }

  /** Waiters per class, for admission decisions and diagnostics. */
  queued(): number {
    return this.waiters.length;
  }

  private refill(cls: RequestClass): Bucket {
    const b = this.buckets[cls];
    const now = this.clock.now();
    const perMs = b.spec.refillPerSecond / this.timeScale / 1000;
    b.tokens = Math.min(b.spec.size, b.tokens + (now - b.at) * perMs);
    b.at = now;
    return b;
  }

  /** Grants every waiter that may go now, in priority order; arms a timer for the rest. */
  private pump(): void {
    const now = this.clock.now();
    if (now < this.pausedUntil) return this.wakeIn(this.pausedUntil - now);
    const blocked = new Set<RequestClass>();
    let nextWake = Infinity;
    for (const w of [...this.waiters]) {
      if (blocked.has(w.cls)) continue;
      const b = this.refill(w.cls);
      const floor = RESERVE[w.priority] * b.spec.size;
      if (b.tokens - 1 >= floor) {
        b.tokens -= 1;
        b.inflight += 1;
        this.stats.granted += 1;
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve();
        continue;
      }
      blocked.add(w.cls);
      const perMs = b.spec.refillPerSecond / this.timeScale / 1000;
      nextWake = Math.min(nextWake, Math.max(1, Math.ceil((floor + 1 - b.tokens) / perMs)));
    }
    if (nextWake < Infinity) this.wakeIn(nextWake);
  }

  private wakeIn(ms: number): void {
    const at = this.clock.now() + ms;
    if (this.cancelTimer && this.timerAt <= at) return;
    this.cancelTimer?.();
    this.timerAt = at;
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, ms);
  }
}
