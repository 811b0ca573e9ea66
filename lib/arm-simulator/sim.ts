import { Faults } from "./faults";
import { Latency } from "./latency";
import { Operations } from "./lro";
import { RequestLog } from "./request-log";
import { Router } from "./router";
import { State } from "./store";
import { DEFAULT_THROTTLE, Throttle } from "./throttle";
import type { LatencyProfile, ThrottleSettings } from "./types";
import { agwRoutes, registerAgwEffects } from "./handlers/agw";
import { healthRoutes } from "./handlers/agw-health";
import { catalogRoutes } from "./handlers/catalog";
import { diskRoutes, registerDiskEffects } from "./handlers/disks";
import { nicRoutes, registerNicEffects } from "./handlers/nics";
import { operationRoutes } from "./handlers/operations";
import { peeringRoutes, registerPeeringEffects } from "./handlers/peerings";
import { pipRoutes, registerPipEffects } from "./handlers/public-ips";
import { registerRgEffects, rgRoutes } from "./handlers/resource-groups";
import { resourceRoutes } from "./handlers/resources";
import { registerSubnetEffects, subnetRoutes } from "./handlers/subnets";
import { extensionRoutes, registerExtensionEffects } from "./handlers/vm-extensions";
import { powerRoutes, registerPowerEffects } from "./handlers/vm-power";
import { registerVmUpdateEffects, vmUpdateRoutes } from "./handlers/vm-update";
import { registerVmEffects, vmRoutes } from "./handlers/vms";
import { registerVnetEffects, vnetRoutes } from "./handlers/vnets";

export interface SimSettings {
  subscriptionId: string;
  profile: LatencyProfile;
  timeScale: number;
  seed?: number;
  pageSize?: number;
  throttle?: Partial<ThrottleSettings>;
}

/** The simulated cloud: state, operations, and the knobs (latency, faults, throttling). */
export class Sim {
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
    for (const register of [
      registerRgEffects, registerVnetEffects, registerSubnetEffects, registerPeeringEffects, registerNicEffects,
      registerPipEffects, registerVmEffects, registerVmUpdateEffects, registerPowerEffects, registerExtensionEffects, registerDiskEffects,
      registerAgwEffects,
    ]) register(this.ops);
    this.router.add([
      ...rgRoutes, ...resourceRoutes, ...vnetRoutes, ...subnetRoutes, ...peeringRoutes, ...nicRoutes, ...pipRoutes,
      ...agwRoutes, ...healthRoutes, ...vmRoutes, ...vmUpdateRoutes, ...powerRoutes, ...extensionRoutes, ...diskRoutes, ...catalogRoutes, ...operationRoutes,
    ]);
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
