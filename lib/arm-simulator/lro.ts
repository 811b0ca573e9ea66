import { ArmError } from "./errors";
import { newGuid } from "./ids";
import type { Effect, LroResponseKind, OperationsApi, SimContext, StartOptions } from "./context";
import type { OperationRecord } from "./store";
import type { JsonObject } from "./types";

export type { Effect, StartOptions };

/**
 * Long-running operations per ARM-REFERENCE §2: status at `…/locations/{l}/operations/{id}`
 * (Azure-AsyncOperation, always 200), result at `…/operationResults/{id}` (Location, 202 until done).
 */
export class Operations implements OperationsApi {
  private effects = new Map<string, Effect>();
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(private sim: SimContext) {}

  register(name: string, effect: Effect): void {
    this.effects.set(name, effect);
  }

  start(opts: StartOptions): OperationRecord {
    const op: OperationRecord = {
      id: newGuid(),
      namespace: opts.namespace,
      location: opts.location || "global",
      name: opts.name,
      resourceId: opts.resourceId,
      status: "InProgress",
      startTime: new Date().toISOString(),
      dueAt: Date.now() + Math.max(0, opts.durationMs),
      effect: opts.effect,
      args: opts.args ?? {},
    };
    this.sim.state.operations.set(op.id, op);
    this.arm(op);
    this.sim.changed();
    return op;
  }

  /** (Re)arms the completion timer, e.g. after a restart. */
  arm(op: OperationRecord): void {
    const delay = Math.max(0, op.dueAt - Date.now());
    const timer = setTimeout(() => this.settleDue(), delay);
    timer.unref();
    this.timers.set(op.id, timer);
  }

  /** Completes every due operation in due order; called by timers and before each request. */
  settleDue(): void {
    const now = Date.now();
    const due = [...this.sim.state.operations.values()]
      .filter((op) => op.status === "InProgress" && op.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt);
    for (const op of due) this.complete(op);
  }

  private complete(op: OperationRecord): void {
    this.clearTimer(op.id);
    const effect = this.effects.get(op.effect);
    try {
      effect?.(this.sim, op);
      op.status = "Succeeded";
    } catch (err) {
      if (!(err instanceof ArmError)) throw err;
      op.status = "Failed";
      op.error = err.envelope().error as JsonObject;
      op.resultStatus = err.status;
    }
    op.endTime = new Date().toISOString();
    this.sim.changed();
  }

  cancel(op: OperationRecord, error: JsonObject): void {
    this.clearTimer(op.id);
    op.status = "Canceled";
    op.error = error;
    op.endTime = new Date().toISOString();
    this.sim.changed();
  }

  /** The in-flight operation holding a resource, if any. */
  inFlight(resourceId: string): OperationRecord | undefined {
    const key = resourceId.toLowerCase();
    for (const op of this.sim.state.operations.values()) {
      if (op.status === "InProgress" && op.resourceId.toLowerCase() === key) return op;
    }
    return undefined;
  }

  statusUrl(op: OperationRecord): string {
    return this.url(op, "operations");
  }

  resultUrl(op: OperationRecord): string {
    return this.url(op, "operationResults");
  }

  private url(op: OperationRecord, kind: string): string {
    const sub = /^\/subscriptions\/([^/]+)/i.exec(op.resourceId)?.[1] ?? this.sim.subscriptionId;
    const version = typeof op.args.apiVersion === "string" ? op.args.apiVersion : "2026-01-01";
    return `${this.sim.baseUrl}/subscriptions/${sub}/providers/${op.namespace}/locations/${op.location}/${kind}/${op.id}?api-version=${version}`;
  }

  /** LRO headers for an initial response. Actions (POST) get Location only, like backendhealth. */
  headers(op: OperationRecord, kind: LroResponseKind): Record<string, string> {
    const remaining = op.dueAt - Date.now();
    const headers = this.sim.latency.retryAfterHeaders(remaining, op.namespace === "Microsoft.Compute");
    if (kind !== "action") headers["azure-asyncoperation"] = this.statusUrl(op);
    if (kind !== "put") headers.location = this.resultUrl(op);
    return headers;
  }

  statusBody(op: OperationRecord): JsonObject {
    const body: JsonObject = {
      id: this.statusUrl(op).split("?")[0] ?? "",
      name: op.id,
      status: op.status,
      startTime: op.startTime,
    };
    if (op.endTime) body.endTime = op.endTime;
    if (op.error) body.error = op.error;
    return body;
  }

  retryAfter(op: OperationRecord): Record<string, string> {
    return this.sim.latency.retryAfterHeaders(op.dueAt - Date.now(), op.namespace === "Microsoft.Compute");
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private clearTimer(id: string): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }
}
