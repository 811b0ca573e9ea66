import type { IncomingMessage, ServerResponse } from "node:http";
import { checkApiVersion } from "./api-versions";
import { ArmError } from "./errors";
import type { Ctx, HttpResult, Route } from "./http";
import type { ComputePolicy } from "./types";
import { newGuid } from "./ids";
import type { Sim } from "./sim";
import type { RequestClass } from "./throttle";
import type { Json, JsonObject } from "./types";

const MAX_BODY = 4 * 1024 * 1024;
const DEFAULT_STATUS: Record<string, number> = {
  InternalServerError: 500,
  ServiceUnavailable: 503,
  GatewayTimeout: 504,
  RetryableError: 429,
  TooManyRequests: 429,
  SubscriptionRequestsThrottled: 429,
  OperationNotAllowed: 409,
  SkuNotAvailable: 409,
  Conflict: 409,
  AnotherOperationInProgress: 409,
  ResourceNotFound: 404,
  NotFound: 404,
};

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY)
        reject(new ArmError(413, "RequestEntityTooLarge", "The request content size exceeds the maximum allowed."));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function send(
  res: ServerResponse,
  status: number,
  body: Json | undefined,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  const all: Record<string, string> = { ...headers };
  if (body !== undefined) all["content-type"] = "application/json; charset=utf-8";
  all["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(status, all);
  res.end(text);
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

function requestClass(method: string): RequestClass {
  if (method === "GET" || method === "HEAD") return "reads";
  return method === "DELETE" ? "deletes" : "writes";
}

function parseQuery(url: URL): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [k, v] of url.searchParams) q[k.toLowerCase()] = v;
  return q;
}

function notFoundRoute(sim: Sim, method: string, path: string, apiVersion: string | undefined): ArmError {
  if (sim.router.knowsPath(path))
    return new ArmError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`);
  const m = /\/providers\/([^/]+)\/([^/]+)/i.exec(path);
  if (m)
    return new ArmError(
      404,
      "InvalidResourceType",
      `The resource type '${m[2]}' could not be found in the namespace '${m[1]}' for api version '${apiVersion ?? ""}'.`,
    );
  return new ArmError(404, "NotFound", `The requested path ${path} was not found.`);
}

/** Applies injected faults for this request; returns true when the reply must be lost. */
async function applyFaults(sim: Sim, ctx: Ctx, name: string): Promise<boolean> {
  const hits = sim.faults.take(ctx.operation, name, ["latency", "error", "quota", "lostReply"]);
  await sleep(hits.filter((h) => h.kind === "latency").reduce((sum, h) => sum + (h.latencyMs ?? 0), 0));
  for (const h of hits) {
    if (h.kind === "quota") ctx.quotaExhausted = true;
    if (h.kind === "error" && h.phase === "async")
      ctx.asyncFailure = { code: h.code ?? "InternalServerError", message: h.message ?? `Injected failure ${h.code}.` };
    if (h.kind === "error" && h.phase !== "async") {
      const status = h.status ?? DEFAULT_STATUS[h.code ?? ""] ?? 400;
      const retryMs = Math.max(1, Math.round(ctx.sim.latency.scaled(1000)));
      const headers =
        status === 429 || status === 503
          ? { "retry-after": String(Math.ceil(retryMs / 1000)), "retry-after-ms": String(retryMs) }
          : undefined;
      throw new ArmError(status, h.code ?? "InternalServerError", h.message ?? `Injected failure ${h.code}.`, {
        headers,
      });
    }
  }
  return hits.some((h) => h.kind === "lostReply");
}

const CLASS_WORD: Record<RequestClass, string> = { reads: "read", writes: "write", deletes: "delete" };

/**
 * Takes a token for the request's class. Every answer carries the class's remaining budget
 * (`x-ms-ratelimit-remaining-subscription-reads|writes|deletes`, as ARM names them); a 429 carries
 * ARM's body and `Retry-After` in whole seconds (at least 1) plus the exact `retry-after-ms` when
 * the time-scaled wait is under a second, so a compressed benchmark never sees "retry after 0".
 */
function throttleOrThrow(sim: Sim, cls: RequestClass): Record<string, string> {
  const header = `x-ms-ratelimit-remaining-subscription-${cls}`;
  const t = sim.throttle.take(cls);
  if (t.ok) return { [header]: String(t.remaining) };
  const waitMs = Math.max(1, Math.ceil(t.retryAfterMs));
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const headers: Record<string, string> = { [header]: "0", "retry-after": String(seconds) };
  if (waitMs < 1000) headers["retry-after-ms"] = String(waitMs);
  throw new ArmError(
    429,
    "SubscriptionRequestsThrottled",
    `Number of '${CLASS_WORD[cls]}' requests for subscription '${sim.subscriptionId}' actor '00000000-0000-0000-0000-000000000000' exceeded. Please try again after '${seconds}' seconds after additional tokens are available.`,
    { headers },
  );
}

const COMPUTE_HEADER = "x-ms-ratelimit-remaining-resource";

function computePolicyOf(route: Route, params: Record<string, string>): ComputePolicy | undefined {
  return typeof route.computePolicy === "function" ? route.computePolicy(params) : route.computePolicy;
}

/**
 * Compute's own throttling behind ARM's (ARM-REFERENCE §7.2): the request takes a token of its
 * policy's subscription bucket. Every Compute answer names what is left in Azure's format
 * (`x-ms-ratelimit-remaining-resource: Microsoft.Compute/PutVM;1499`, `x-ms-request-charge: 1`); past the limit CRP answers
 * 429 `OperationNotAllowed` "too many requests", the policy in `details[].target`, with Retry-After
 * (and `retry-after-ms` under a second, as for ARM's 429).
 */
function computeThrottleOrThrow(sim: Sim, route: Route, params: Record<string, string>): Record<string, string> {
  const policy = computePolicyOf(route, params);
  if (!policy) return {};
  const sub = params.sub ?? sim.subscriptionId;
  const t = sim.throttle.takeCompute(sub, policy);
  if (t.ok) return { [COMPUTE_HEADER]: `Microsoft.Compute/${policy};${t.remaining}`, "x-ms-request-charge": "1" };
  const waitMs = Math.max(1, Math.ceil(t.retryAfterMs));
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const headers: Record<string, string> = {
    [COMPUTE_HEADER]: `Microsoft.Compute/${policy};0`,
    "retry-after": String(seconds),
  };
  if (waitMs < 1000) headers["retry-after-ms"] = String(waitMs);
  const detail = JSON.stringify({
    operationGroup: policy,
    startTime: new Date(t.since).toISOString(),
    endTime: new Date(Date.now() + waitMs).toISOString(),
    allowedRequestCount: sim.throttle.computePolicy(policy).size,
    measuredRequestCount: t.measured,
  });
  throw new ArmError(
    429,
    "OperationNotAllowed",
    "The server rejected the request because too many requests have been received for this subscription.",
    {
      details: [{ code: "TooManyRequests", target: policy, message: detail }],
      headers,
    },
  );
}

/** One ARM request: auth, routing, api-version, throttling, faults, handler, response. */
export async function handleArm(
  sim: Sim,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  raw: string,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const query = parseQuery(url);
  const headers: Record<string, string> = {
    "x-ms-request-id": newGuid(),
    "x-ms-correlation-request-id": String(req.headers["x-ms-correlation-request-id"] ?? newGuid()),
    "x-ms-routing-request-id": `LOCAL:${new Date().toISOString().replace(/[-:.]/g, "")}:${newGuid()}`,
  };
  const clientId = req.headers["x-ms-client-request-id"];
  if (typeof clientId === "string") headers["x-ms-client-request-id"] = clientId;
  const match = sim.router.match(method, path);
  const operation = match?.route.operation ?? `unknown.${method.toLowerCase()}`;
  let result: HttpResult;
  let lost = false;
  try {
    if (!/^Bearer\s+\S+/i.test(String(req.headers.authorization ?? ""))) {
      throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    }
    if (!match) throw notFoundRoute(sim, method, path, query["api-version"]);
    const apiVersion = checkApiVersion(match.route.api, match.route.typeName, query["api-version"]);
    Object.assign(headers, throttleOrThrow(sim, requestClass(method)));
    Object.assign(headers, computeThrottleOrThrow(sim, match.route, match.params));
    let body: JsonObject | undefined;
    if (raw.trim()) {
      try {
        body = JSON.parse(raw) as JsonObject;
      } catch {
        throw new ArmError(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized.",
        );
      }
    }
    const ctx: Ctx = { sim, method, params: match.params, query, body, apiVersion, operation };
    const keys = Object.keys(match.params);
    const name = match.params[match.route.nameParam ?? keys[keys.length - 1] ?? ""] ?? "";
    lost = await applyFaults(sim, ctx, name);
    await sleep(sim.latency.sampleMs("request"));
    sim.ops.settleDue();
    result = match.route.handler(ctx);
    await sleep(result.delayMs ?? 0);
  } catch (err) {
    if (!(err instanceof ArmError)) {
      console.error("[arm-simulator]", err);
      err = new ArmError(500, "InternalServerError", "Encountered internal server error.");
    }
    const e = err as ArmError;
    result = { status: e.status, body: method === "HEAD" ? undefined : e.envelope(), headers: e.extra.headers };
    lost = false;
  }
  sim.log.record(method, operation, path, result.status);
  if (lost) {
    // The write was applied; the caller never hears about it (ARCHITECTURE.md §13 "lost reply").
    req.socket.destroy();
    return;
  }
  send(res, result.status, result.body, { ...headers, ...result.headers });
}
