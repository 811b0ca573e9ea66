import type { Latency } from "./latency";
import type { OperationRecord, State } from "./store";
import type { JsonObject } from "./types";

/**
 * What handlers and effects may use of the simulated cloud. Handlers depend on this interface,
 * never on the `Sim` class that implements it (sim.ts imports the handlers through registry.ts, so
 * the dependency runs one way: sim → registry → handlers → context).
 */
export interface SimContext {
  readonly state: State;
  readonly ops: OperationsApi;
  readonly latency: Latency;
  readonly subscriptionId: string;
  /** The URL clients reach the simulator at (operation URLs and nextLinks are absolute). */
  readonly baseUrl: string;
  readonly pageSize: number;
  /** State changed: schedule a snapshot. */
  changed(): void;
}

/** Runs when an operation completes. Throw an ArmError to end it Failed (after rolling state). */
export type Effect = (sim: SimContext, op: OperationRecord) => void;

export interface StartOptions {
  namespace: string;
  location: string;
  name: string;
  resourceId: string;
  durationMs: number;
  effect: string;
  args?: JsonObject;
}

/** Which LRO headers an initial response carries (ARM-REFERENCE §2). */
export type LroResponseKind = "put" | "delete" | "action" | "action+async";

/** Long-running operations as handlers see them (implemented by lro.ts). */
export interface OperationsApi {
  start(opts: StartOptions): OperationRecord;
  /** The in-flight operation holding a resource, if any. */
  inFlight(resourceId: string): OperationRecord | undefined;
  cancel(op: OperationRecord, error: JsonObject): void;
  headers(op: OperationRecord, kind: LroResponseKind): Record<string, string>;
  statusUrl(op: OperationRecord): string;
  resultUrl(op: OperationRecord): string;
  statusBody(op: OperationRecord): JsonObject;
  retryAfter(op: OperationRecord): Record<string, string>;
  /** Completes every due operation in due order. */
  settleDue(): void;
}
