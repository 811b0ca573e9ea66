/** Plain JSON as ARM sends and stores it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One tracked (top-level) resource; child resources live inside its body, as in ARM. */
export interface ResourceRecord {
  /** Canonical-case ARM id. */
  id: string;
  /** e.g. "Microsoft.Network/virtualNetworks" */
  type: string;
  /** The full ARM body as GET returns it (properties envelope, not flattened). */
  body: JsonObject;
  /** Simulator-only bookkeeping that ARM never shows. */
  meta: JsonObject;
}

export const PROFILES = ["instant", "fast", "realistic"] as const;
export type LatencyProfile = (typeof PROFILES)[number];

export interface ThrottleSettings {
  /** The master switch: false = no throttling at all (ARM's buckets and Compute's policies). */
  enabled: boolean;
  /** Bucket size and refill per second, per operation class (ARM-REFERENCE §7 defaults). */
  reads: { size: number; refillPerSecond: number };
  writes: { size: number; refillPerSecond: number };
  deletes: { size: number; refillPerSecond: number };
  /** Microsoft.Compute's own per-minute policies behind ARM's (ARM-REFERENCE §7.2); default on. */
  compute?: ComputeThrottleSettings;
}

/** Compute's documented VM API policies (subscription level, per minute). */
export const COMPUTE_POLICIES = ["PutVM", "UpdateVM", "DeleteVM", "LowCostGet", "HighCostGet", "GetOperation"] as const;
export type ComputePolicy = (typeof COMPUTE_POLICIES)[number];

export interface ComputeThrottleSettings {
  enabled: boolean;
  /** Maximum bucket capacity and refill per minute, per policy (documented defaults for those left out). */
  policies?: Partial<Record<ComputePolicy, { size: number; refillPerMinute: number }>>;
}

export interface FaultRule {
  id?: string;
  /** Operation name, e.g. "virtualNetworks.createOrUpdate"; "*" wildcards allowed. Default "*". */
  operation?: string;
  /** Resource name pattern ("*" wildcards), matched case-insensitively. Default "*". */
  name?: string;
  /** error: fail with code; latency: add delay; lostReply: apply write, drop response; quota: vCPU quota exhausted. */
  kind: "error" | "latency" | "lostReply" | "quota";
  code?: string;
  status?: number;
  message?: string;
  /** For kind "error": sync = initial response (RestError), async = the LRO fails while polling. */
  phase?: "sync" | "async";
  /** How many matches fire; undefined = always. */
  times?: number;
  /** How many matching requests pass untouched before the rule fires (e.g. 2 = the third GET); default 0. */
  skip?: number;
  latencyMs?: number;
}
