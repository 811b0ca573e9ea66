import type { ApiFamily, ApiVersions } from "./api-versions";
import type { SimContext } from "./context";
import type { ComputePolicy, Json, JsonObject } from "./types";

export interface Ctx {
  sim: SimContext;
  method: string;
  /** Path parameters, decoded, in the caller's case. */
  params: Record<string, string>;
  /** Query parameters with lower-cased, decoded keys ("$filter", "api-version"). */
  query: Record<string, string>;
  body: JsonObject | undefined;
  apiVersion: string;
  operation: string;
  /** Set by fault injection: the LRO this request starts must fail with this error. */
  asyncFailure?: { code: string; message: string };
  /** Set by fault injection: the vCPU quota is exhausted for this request. */
  quotaExhausted?: boolean;
}

export interface HttpResult {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
  /** Synchronous work time (e.g. a resource group PUT) before the response is sent. */
  delayMs?: number;
}

export type Handler = (ctx: Ctx) => HttpResult;

export interface Route {
  method: string;
  /** Lower-case literal segments, "{param}" placeholders. */
  path: string;
  operation: string;
  /** The api-versions this route accepts (its module's unless the route says otherwise). */
  api: ApiFamily | ApiVersions;
  /** The type named in ARM's api-version errors, e.g. "virtualNetworks". */
  typeName: string;
  handler: Handler;
  /** Which path parameter names the resource for fault matching (default: the last one). */
  nameParam?: string;
  /** The Compute throttling policy the request counts against (ARM-REFERENCE §7.2), if any. */
  computePolicy?: ComputePolicySelector;
}

/** A route's Compute policy, fixed or chosen from the path (e.g. the operations URL's namespace). */
export type ComputePolicySelector = ComputePolicy | ((params: Record<string, string>) => ComputePolicy | undefined);

export function json(body: Json, status = 200, headers?: Record<string, string>): HttpResult {
  return { status, body, headers };
}

/** ARM list page `{ value, nextLink }` with an absolute https nextLink (ARM-REFERENCE §9.12). */
export function page(ctx: Ctx, path: string, items: JsonObject[]): HttpResult {
  const skip = Number(ctx.query["$skiptoken"] ?? "0") || 0;
  const top = ctx.query["$top"] ? Number(ctx.query["$top"]) : undefined;
  const limit = top !== undefined && top > 0 ? Math.min(top, ctx.sim.pageSize) : ctx.sim.pageSize;
  const all = top !== undefined && top > 0 ? items.slice(0, top) : items;
  const value = all.slice(skip, skip + limit);
  const body: JsonObject = { value };
  if (skip + limit < all.length) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(ctx.query)) if (k !== "$skiptoken") params.set(k, v);
    params.set("$skiptoken", String(skip + limit));
    body.nextLink = `${ctx.sim.baseUrl}${path}?${params.toString()}`;
  }
  return json(body);
}

export function asObject(value: Json | undefined): JsonObject {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

export function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: Json | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function props(obj: JsonObject): JsonObject {
  if (!obj.properties || typeof obj.properties !== "object" || Array.isArray(obj.properties)) obj.properties = {};
  return obj.properties as JsonObject;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
