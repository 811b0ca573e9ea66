import type { ApiVersions } from "./api-versions";
import type { Effect } from "./context";
import type { ComputePolicySelector, Handler, Route } from "./http";
import type { LatencySpec } from "./latency";

/** A route as a module declares it: type name and api-versions default to the module's. */
export interface RouteSpec {
  method: string;
  /** Lower-case literal segments, "{param}" placeholders. */
  path: string;
  /** Name in the request log and fault rules, e.g. "virtualNetworks.createOrUpdate". */
  operation: string;
  handler: Handler;
  /** Which path parameter names the resource for fault matching (default: the last one). */
  nameParam?: string;
  typeName?: string;
  api?: ApiVersions;
  /** The Compute throttling policy the request counts against (ARM-REFERENCE §7.2). */
  computePolicy?: ComputePolicySelector;
}

/**
 * One resource type of the simulated cloud: everything the engine needs to serve it. A new
 * resource type is one module plus one line in registry.ts (README "Adding a resource type").
 */
export interface ResourceModule {
  /** ARM's canonical type, e.g. "Microsoft.Network/virtualNetworks". */
  type: string;
  /** The type as ARM's api-version errors name it, e.g. "virtualNetworks". */
  typeName: string;
  /** The api-versions its routes accept (a list of api-versions.ts, or the module's own). */
  api: ApiVersions;
  routes: RouteSpec[];
  /** Completion effects of its long-running operations, by the name `startOp` is given. */
  effects?: Record<string, Effect>;
  /** Durations of its operation kinds beyond latency.ts's built-in ones (typical/slow seconds). */
  latencies?: Record<string, LatencySpec>;
}

/** The module's routes with the module's defaults filled in. */
export function routesOf(module: ResourceModule): Route[] {
  return module.routes.map((r) => ({
    method: r.method,
    path: r.path,
    operation: r.operation,
    handler: r.handler,
    nameParam: r.nameParam,
    typeName: r.typeName ?? module.typeName,
    api: r.api ?? module.api,
    computePolicy: r.computePolicy,
  }));
}
