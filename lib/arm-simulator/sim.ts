import type { SimContext } from "./context";
import { Faults } from "./faults";
import { Latency } from "./latency";
import { Operations } from "./lro";
import { routesOf, type ResourceModule } from "./module";
import { RESOURCE_MODULES } from "./registry";
import { RequestLog } from "./request-log";
import { Router } from "./router";
import { State } from "./store";
import { DEFAULT_THROTTLE, Throttle } from "./throttle";
import type { LatencyProfile, ThrottleSettings } from "./types";

export interface SimSettings {
  subscriptionId: string;
  profile: LatencyProfile;
  timeScale: number;
  seed?: number;
  pageSize?: number;
  throttle?: Partial<ThrottleSettings>;
  /** The resource types served; default every module of registry.ts. */
  modules?: readonly ResourceModule[];
}

/** The simulated cloud: state, operations, and the knobs (latency, faults, throttling). */
export class Sim implements SimContext {
  readonly state = new State();
  readonly ops: Operations;
  readonly latency: Latency;
  readonly faults = new Faults();
  readonly throttle: Throttle;
  readonly log = new RequestLog();
  readonly router = new Router();
  readonly subscriptionId: string;
  baseUrl = "";
  pageSize: number;
  onChange: (() => void) | undefined;

  constructor(settings: SimSettings) {
    this.subscriptionId = settings.subscriptionId;
    this.latency = new Latency(settings.profile, settings.timeScale, settings.seed);
    this.throttle = new Throttle({ ...DEFAULT_THROTTLE, ...settings.throttle }, () => this.latency.timeScale);
    this.pageSize = settings.pageSize ?? 100;
    this.ops = new Operations(this);
    for (const resourceType of settings.modules ?? RESOURCE_MODULES) {
      for (const [name, effect] of Object.entries(resourceType.effects ?? {})) this.ops.register(name, effect);
      for (const [kind, spec] of Object.entries(resourceType.latencies ?? {})) this.latency.define(kind, spec);
      this.router.add(routesOf(resourceType));
    }
  }

  changed(): void {
    this.onChange?.();
  }

  /** After a restart: operations that were running finish (at once if overdue). */
  resumeOperations(): void {
    for (const op of this.state.operations.values()) if (op.status === "InProgress") this.ops.arm(op);
    this.ops.settleDue();
  }
}
