import type { PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import {
  ArmBudget,
  parseRemainingResource,
  providerRoute,
  sleepOn,
  type Abortable,
  type BudgetOptions,
  type ProviderRemaining,
  type RequestClass,
} from "../budget";
import { firstPollAzureMs } from "../lro-first-poll";
import { currentArmPriority } from "../priority";

/** How often one request is re-sent after ARM throttled it, before the caller sees the 429. */
const MAX_THROTTLED_RESENDS = 12;
/** LRO polls are spread wider when the read bucket is below this level. */
const LOW_READS = 0.3;

const budgets = new Map<string, ArmBudget>();

/** The process's budget for one subscription at one endpoint (every client of it shares it). */
export function budgetFor(endpoint: string, subscriptionId: string, opts: BudgetOptions = {}): ArmBudget {
  const key = `${endpoint.toLowerCase()}|${subscriptionId.toLowerCase()}`;
  let b = budgets.get(key);
  if (!b) budgets.set(key, (b = new ArmBudget(opts)));
  return b;
}

function classOf(method: string): RequestClass {
  if (method === "GET" || method === "HEAD") return "reads";
  return method === "DELETE" ? "deletes" : "writes";
}

/** Retry-After in ms: retry-after-ms, x-ms-retry-after-ms, then Retry-After (seconds or a date). */
export function retryAfterMs(res: PipelineResponse): number | undefined {
  for (const h of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const v = Number(res.headers.get(h));
    if (res.headers.get(h) !== undefined && Number.isFinite(v) && v >= 0) return v;
  }
  const ra = res.headers.get("retry-after");
  if (ra === undefined) return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** ARM's throttling answers; a 429 `RetryableError` is a busy resource, not the subscription's budget. */
function isThrottled(res: PipelineResponse): boolean {
  if (res.status !== 429) return false;
  return !/"code"\s*:\s*"(RetryableError|AnotherOperationInProgress)/.test(res.bodyAsText ?? "");
}

/**
 * A resource provider's own throttling (ARM-REFERENCE §7.2): Compute answers 429
 * `OperationNotAllowed` "too many requests" with a `TooManyRequests` detail naming the policy, and
 * the policy at 0 in `x-ms-ratelimit-remaining-resource`.
 */
function isProviderThrottled(res: PipelineResponse, remaining: ProviderRemaining[]): boolean {
  if (res.status !== 429) return false;
  return remaining.some((r) => r.remaining <= 0) || /"code"\s*:\s*"TooManyRequests"/.test(res.bodyAsText ?? "");
}

/**
 * Earliest time each LRO status URL may be polled again: the resource provider's hint from the
 * last answer, widened while reads run low; the first poll no sooner than the operation usually
 * takes (lro-first-poll.ts). `@azure/core-lro` reads only whole seconds of
 * `Retry-After`, so a finer `retry-after-ms` is enforced here and the coarse header dropped.
 */
class PollGate {
  private notBefore = new Map<string, number>();

  constructor(private budget: ArmBudget) {}

  async wait(url: string, signal?: Abortable): Promise<void> {
    const at = this.notBefore.get(url);
    if (at === undefined) return;
    this.notBefore.delete(url);
    const ms = at - this.budget.clock.now();
    if (ms > 0) await sleepOn(this.budget.clock, ms, signal);
  }

  learn(req: { method: string; url: string }, res: PipelineResponse): void {
    if (res.status >= 300 && res.status !== 202) return;
    const targets = [res.headers.get("azure-asyncoperation"), res.headers.get("location")].filter(
      (u): u is string => !!u,
    );
    const isPoll = /\/operations\/|\/operationResults\//i.test(req.url);
    if (targets.length === 0 && !isPoll) return;
    const hint = retryAfterMs(res);
    // No hint, or 0: the provider says the answer is (nearly) ready; poll as the caller likes.
    if (hint === undefined || hint <= 0) return;
    // The answer that starts an operation: its first poll waits for the operation's usual duration.
    const first = isPoll ? 0 : this.budget.azureMs(firstPollAzureMs(req));
    const widen = this.budget.level("reads") < LOW_READS ? 2 : 1;
    const at = this.budget.clock.now() + Math.max(hint * widen, first);
    for (const t of targets.length ? targets : [req.url]) this.notBefore.set(t, at);
    if (this.notBefore.size > 5000) this.prune();
    // The poller would otherwise round a sub-second hint up to whole seconds.
    if (res.headers.get("retry-after-ms") !== undefined) res.headers.delete("retry-after");
  }

  private prune(): void {
    const old = this.budget.clock.now() - 600_000;
    for (const [k, v] of this.notBefore) if (v < old) this.notBefore.delete(k);
  }
}

/**
 * Pipeline policy (per retry, so the SDK's own re-sends are metered too): waits for budget and for
 * the LRO's poll hint, learns the remaining budget from ARM's headers, and on a throttling 429
 * pauses the whole subscription and re-sends once the pause is over. Resource-provider policies
 * (Compute's `x-ms-ratelimit-remaining-resource`) are waited for the same way, per policy: a
 * provider's 429 holds that kind of request only, and is re-sent, never handed to the caller
 * while re-sends remain.
 */
export function armBudgetPolicy(budget: ArmBudget): PipelinePolicy {
  const gate = new PollGate(budget);
  return {
    name: "armRequestBudget",
    async sendRequest(request, next) {
      const cls = classOf(request.method.toUpperCase());
      const priority = currentArmPriority();
      const route = providerRoute(request.method, request.url);
      if (cls === "reads") await gate.wait(request.url, request.abortSignal);
      for (let resend = 0; ; resend++) {
        const taken = await budget.acquireProvider(route, request.abortSignal);
        try {
          await budget.acquire(cls, priority, request.abortSignal);
        } catch (err) {
          budget.releaseProvider(taken);
          throw err;
        }
        let res: PipelineResponse;
        try {
          res = await next(request);
        } catch (err) {
          budget.release(cls);
          budget.releaseProvider(taken);
          throw err;
        }
        const remaining = res.headers.get(`x-ms-ratelimit-remaining-subscription-${cls}`);
        budget.observe(cls, remaining === undefined ? undefined : Number(remaining));
        const provider = parseRemainingResource(res.headers.get("x-ms-ratelimit-remaining-resource"));
        budget.observeProvider(route, provider, taken);
        if (isProviderThrottled(res, provider)) {
          budget.providerThrottled(route, provider, retryAfterMs(res) ?? 1000);
          if (resend < MAX_THROTTLED_RESENDS) continue;
        } else if (isThrottled(res)) {
          budget.throttled(cls, retryAfterMs(res) ?? 1000);
          if (resend < MAX_THROTTLED_RESENDS) continue;
        }
        gate.learn(request, res);
        return res;
      }
    },
  };
}
