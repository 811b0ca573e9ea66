/**
 * One ARM request budget per subscription and process. ARM meters every subscription with token
 * buckets (reads 250 + 25/s, writes and deletes 200 + 10/s) and answers 429 once one is empty, so
 * every caller of the process (deployments, the gateway writer, live views, pre-flight, cleanup)
 * draws from one local model of those buckets: a call waits for a token instead of being refused;
 * each answer's `x-ms-ratelimit-remaining-subscription-*` header corrects the model; a 429 pauses
 * the whole subscription for its Retry-After. Work that frees or finishes things goes first and may
 * spend the last tokens; starting new work and live views leave a reserve for it.
 *
 * Resource providers meter on top of ARM (ARM-REFERENCE §7.2): Compute names each policy a request
 * counts against and what is left of it in `x-ms-ratelimit-remaining-resource`
 * (`Microsoft.Compute/PutVM;1499`). The budget keeps one bucket per such policy, learns which
 * policies a kind of request (method + resource type path) counts against from its answers, and
 * holds the next request of that kind while a policy is empty — refilled at Compute's documented
 * rate for the policies it knows — or paused by the provider's 429. A provider's 429 pauses only
 * its policy, never the subscription's ARM buckets.
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

/**
 * Compute's documented subscription-level VM policies (ARM-REFERENCE §7.2), by the policy name in
 * `x-ms-ratelimit-remaining-resource`: maximum bucket capacity and refill per minute.
 */
export const PROVIDER_POLICIES: Record<string, { size: number; refillPerMinute: number }> = {
  "Microsoft.Compute/PutVM": { size: 1500, refillPerMinute: 500 },
  "Microsoft.Compute/UpdateVM": { size: 1500, refillPerMinute: 500 },
  "Microsoft.Compute/DeleteVM": { size: 1500, refillPerMinute: 500 },
  "Microsoft.Compute/LowCostGet": { size: 24000, refillPerMinute: 8000 },
  "Microsoft.Compute/HighCostGet": { size: 900, refillPerMinute: 300 },
  "Microsoft.Compute/GetOperation": { size: 15000, refillPerMinute: 5000 },
};

/** An empty policy whose refill rate is unknown is tried again after this long (Azure time). */
const UNKNOWN_POLICY_WAIT_MS = 1000;

/** One entry of `x-ms-ratelimit-remaining-resource`. */
export interface ProviderRemaining {
  policy: string;
  remaining: number;
}

/**
 * Parses `x-ms-ratelimit-remaining-resource`: `<RP>/<policy>;<count>` entries, comma-separated
 * (several header lines arrive joined by commas).
 */
export function parseRemainingResource(header: string | undefined | null): ProviderRemaining[] {
  if (!header) return [];
  const out: ProviderRemaining[] = [];
  for (const part of header.split(",")) {
    const m = /^\s*([^;\s]+)\s*;\s*(\d+)\s*$/.exec(part);
    if (m?.[1] && m[2] !== undefined) out.push({ policy: m[1], remaining: Number(m[2]) });
  }
  return out;
}

/**
 * The kind of request a provider meters: method and resource-type path without names, e.g.
 * `PUT microsoft.compute/virtualmachines/*` (every name becomes `*`).
 */
export function providerRoute(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split("?")[0] ?? url;
  }
  const lower = path.toLowerCase().replace(/\/+$/, "");
  const at = lower.lastIndexOf("/providers/");
  const segments = (at >= 0 ? lower.slice(at + "/providers/".length) : lower).split("/").filter(Boolean);
  // namespace, then type/name pairs: keep the namespace and the types, replace the names.
  const shape = segments.map((seg, i) => (i >= 2 && i % 2 === 0 ? "*" : seg));
  return `${method.toUpperCase()} ${shape.join("/")}`;
}

interface PolicyBucket {
  /** Compute's documented capacity and refill, scaled to this instance's share; undefined = unknown. */
  spec?: { size: number; refillPerMs: number };
  tokens: number;
  at: number;
  pausedUntil: number;
  /** Our requests granted against it and not answered yet. */
  inflight: number;
}

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
  readonly stats = { granted: 0, waited: 0, throttled: 0, providerWaited: 0, providerThrottled: 0 };
  private policies = new Map<string, PolicyBucket>();
  /** Provider policies each kind of request counted against in its latest answer. */
  private routes = new Map<string, string[]>();

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

  /** A span of Azure time in this process's wall-clock ms (the simulator's time scale). */
  azureMs(ms: number): number {
    return ms * this.timeScale;
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

  /**
   * Waits until every provider policy this kind of request counts against has a token and is not
   * paused; the tokens are spent at once. A kind of request not answered yet goes at once.
   * Returns the policies it spent from, to hand back to `observeProvider` / `releaseProvider`.
   */
  async acquireProvider(route: string, signal?: Abortable): Promise<string[]> {
    let waited = false;
    for (;;) {
      if (signal?.aborted) throw abortError();
      const names = this.routes.get(route) ?? [];
      const buckets = names.map((p) => this.policyBucket(p));
      const now = this.clock.now();
      let wait = 0;
      for (const b of buckets) {
        this.refillPolicy(b, now);
        if (b.pausedUntil > now) wait = Math.max(wait, b.pausedUntil - now);
        else if (b.tokens < 1)
          wait = Math.max(
            wait,
            b.spec ? Math.ceil((1 - b.tokens) / b.spec.refillPerMs) : UNKNOWN_POLICY_WAIT_MS * this.timeScale,
          );
      }
      if (wait <= 0) {
        for (const b of buckets) {
          b.tokens -= 1;
          b.inflight += 1;
        }
        return names;
      }
      if (!waited) this.stats.providerWaited += 1;
      waited = true;
      await sleepOn(this.clock, Math.max(1, wait), signal);
      // An unknown policy waited its turn: let one request find out what is left.
      for (const b of buckets) if (!b.spec && b.tokens < 1 && b.pausedUntil <= this.clock.now()) b.tokens = 1;
    }
  }

  /** A request granted by `acquireProvider` ended without an answer. */
  releaseProvider(taken: string[]): void {
    for (const p of taken) {
      const b = this.policyBucket(p);
      b.inflight = Math.max(0, b.inflight - 1);
    }
  }

  /**
   * A provider's answer named what is left of each policy the request counted against (as the
   * provider counted when it handled the request: our requests still in flight spend from it too).
   */
  observeProvider(route: string, entries: ProviderRemaining[], taken: string[] = []): void {
    this.releaseProvider(taken);
    if (entries.length === 0) return;
    this.routes.set(
      route,
      entries.map((e) => e.policy),
    );
    const now = this.clock.now();
    for (const e of entries) {
      const b = this.policyBucket(e.policy);
      this.refillPolicy(b, now);
      const cap = b.spec ? b.spec.size : Infinity;
      b.tokens = Math.min(cap, Math.max(0, e.remaining * this.share - b.inflight));
    }
  }

  /** The provider refused with 429: its policies wait out Retry-After; ARM's buckets are not touched. */
  providerThrottled(route: string, entries: ProviderRemaining[], retryAfterMs: number): void {
    this.stats.providerThrottled += 1;
    if (entries.length > 0)
      this.routes.set(
        route,
        entries.map((e) => e.policy),
      );
    const empty = entries.filter((e) => e.remaining <= 0).map((e) => e.policy);
    const policies = empty.length ? empty : (this.routes.get(route) ?? entries.map((e) => e.policy));
    if (policies.length === 0) {
      // No policy named: hold this kind of request by a policy of its own.
      policies.push(`route:${route}`);
      this.routes.set(route, [...(this.routes.get(route) ?? []), policies[0] ?? ""]);
    }
    const until = this.clock.now() + Math.max(1, retryAfterMs);
    for (const p of policies) {
      const b = this.policyBucket(p);
      b.tokens = 0;
      b.pausedUntil = Math.max(b.pausedUntil, until);
    }
  }

  private policyBucket(policy: string): PolicyBucket {
    let b = this.policies.get(policy);
    if (!b) {
      const known = PROVIDER_POLICIES[policy];
      const spec = known && {
        size: Math.max(1, Math.floor(known.size * this.share)),
        refillPerMs: (known.refillPerMinute * this.share) / 60_000 / this.timeScale,
      };
      b = { spec, tokens: spec ? spec.size : 1, at: this.clock.now(), pausedUntil: 0, inflight: 0 };
      this.policies.set(policy, b);
    }
    return b;
  }

  private refillPolicy(b: PolicyBucket, now: number): void {
    if (b.spec) b.tokens = Math.min(b.spec.size, b.tokens + Math.max(0, now - b.at) * b.spec.refillPerMs);
    b.at = now;
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

/** Sleeps on the budget's clock; rejects with an AbortError when the signal fires. */
export function sleepOn(clock: BudgetClock, ms: number, signal?: Abortable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      cancel();
      reject(abortError());
    };
    const cancel = clock.setTimer(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
