import type { LatencyProfile } from "./types";

/** Everything that takes time in the simulator. "request" is the per-call overhead. */
export type OpKind =
  | "request"
  | "rg.create"
  | "rg.delete"
  | "vnet.create"
  | "vnet.update"
  | "vnet.delete"
  | "subnet.create"
  | "subnet.delete"
  | "peering.create"
  | "peering.delete"
  | "nic.create"
  | "nic.delete"
  | "pip.create"
  | "pip.delete"
  | "vm.create"
  | "vm.update"
  | "vm.delete"
  | "vm.power"
  | "vm.extension"
  | "disk.create"
  | "disk.delete"
  | "agw.create"
  | "agw.update"
  | "agw.delete"
  | "agw.health";

/** Typical and slow wall-clock seconds of one kind of operation. */
export interface LatencySpec {
  typical: number;
  slow: number;
}

/** Typical and slow wall-clock seconds, from ARM-REFERENCE §6 (estimates where it says so). */
export const REALISTIC_SECONDS: Record<OpKind, LatencySpec> = {
  request: { typical: 0.08, slow: 0.5 },
  "rg.create": { typical: 2.5, slow: 10 },
  "rg.delete": { typical: 60, slow: 300 },
  "vnet.create": { typical: 10, slow: 60 },
  "vnet.update": { typical: 5, slow: 30 },
  "vnet.delete": { typical: 12, slow: 60 },
  "subnet.create": { typical: 4, slow: 45 },
  "subnet.delete": { typical: 11, slow: 60 },
  "peering.create": { typical: 10, slow: 90 },
  "peering.delete": { typical: 8, slow: 60 },
  "nic.create": { typical: 7, slow: 30 },
  "nic.delete": { typical: 13, slow: 60 },
  "pip.create": { typical: 10, slow: 30 },
  "pip.delete": { typical: 10, slow: 30 },
  "vm.create": { typical: 60, slow: 240 },
  "vm.update": { typical: 20, slow: 120 },
  "vm.delete": { typical: 90, slow: 600 },
  "vm.power": { typical: 30, slow: 120 },
  // Estimate: a VM access extension run is the guest agent fetching and running the handler.
  "vm.extension": { typical: 30, slow: 180 },
  "disk.create": { typical: 10, slow: 60 },
  "disk.delete": { typical: 20, slow: 120 },
  "agw.create": { typical: 360, slow: 900 },
  "agw.update": { typical: 30, slow: 420 },
  "agw.delete": { typical: 120, slow: 600 },
  "agw.health": { typical: 15, slow: 120 },
};

/** Probability that a realistic sample comes from the slow tail. */
const SLOW_TAIL_PROBABILITY = 0.03;
const SIGMA = 0.2;

/** Small seeded PRNG so a benchmark can replay the same latencies. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export class Latency {
  private rand: () => number;
  /** Kinds resource modules add (module.ts `latencies`). */
  private extra = new Map<string, LatencySpec>();

  constructor(
    public profile: LatencyProfile,
    public timeScale: number,
    seed: number = Math.floor(Math.random() * 2 ** 31),
  ) {
    this.rand = mulberry32(seed);
  }

  /** Adds an operation kind (a resource module's); the built-in kinds cannot be redefined. */
  define(kind: string, spec: LatencySpec): void {
    if (kind in REALISTIC_SECONDS) throw new Error(`latency kind ${kind} is built in`);
    this.extra.set(kind, spec);
  }

  private spec(kind: string): LatencySpec {
    const spec = (REALISTIC_SECONDS as Record<string, LatencySpec>)[kind] ?? this.extra.get(kind);
    if (!spec) throw new Error(`unknown latency kind ${kind}`);
    return spec;
  }

  /** Median duration of an operation under the current profile and time scale, in ms. */
  expectedMs(kind: OpKind | (string & {})): number {
    if (this.profile === "instant") return 0;
    const typicalMs = this.spec(kind).typical * 1000;
    if (this.profile === "fast") return (kind === "request" ? 1 : Math.max(5, typicalMs / 1000)) * this.timeScale;
    return typicalMs * this.timeScale;
  }

  /** A sampled duration: fixed for instant/fast (ordering stays real), log-normal for realistic. */
  sampleMs(kind: OpKind | (string & {})): number {
    if (this.profile !== "realistic") return this.expectedMs(kind);
    const { typical, slow } = this.spec(kind);
    const median = this.rand() < SLOW_TAIL_PROBABILITY ? slow : typical;
    return median * 1000 * Math.exp(SIGMA * gaussian(this.rand)) * this.timeScale;
  }

  /** Any other simulated duration (NIC reservation, probe interval) scaled like the rest. */
  scaled(ms: number): number {
    return ms * this.timeScale;
  }

  /**
   * LRO poll hint: NRP-like 3 s (10 s for compute) scaled, never past the operation's end. Sent
   * as whole seconds in `Retry-After`, never rounded down to 0 (a client would then poll as fast
   * as it likes), plus the exact `retry-after-ms` when the scaled hint is under a second.
   */
  retryAfterHeaders(remainingMs: number, compute: boolean): Record<string, string> {
    if (this.profile !== "realistic") return { "retry-after": "0" };
    const hintMs = Math.max(1, Math.round(Math.min((compute ? 10_000 : 3_000) * this.timeScale, remainingMs)));
    const headers: Record<string, string> = { "retry-after": String(Math.max(1, Math.floor(hintMs / 1000))) };
    if (hintMs < 1000) headers["retry-after-ms"] = String(hintMs);
    return headers;
  }
}
