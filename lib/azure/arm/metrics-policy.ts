/**
 * Counts every HTTP request the SDK clients send to ARM, retries included (the policy sits in the
 * per-retry position, after the SDK's retry policy), so 429s the SDK absorbs still show. Kept apart
 * from any other policy: it only observes.
 */
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { metrics } from "@/lib/metrics/registry";

/**
 * "PUT virtualNetworks/subnets": the method and the resource type path, never names or ids, so the
 * label stays bounded. LRO polls read as "GET operations" (or azureAsyncOperations).
 */
export function armOperationLabel(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return `${method} other`;
  }
  const parts = path.split("/").filter(Boolean);
  const at = parts.map((p) => p.toLowerCase()).lastIndexOf("providers");
  if (at < 0 || at + 1 >= parts.length) {
    // Resource groups and subscriptions themselves.
    const rg = parts.map((p) => p.toLowerCase()).indexOf("resourcegroups");
    return `${method} ${rg >= 0 ? "resourceGroups" : "subscriptions"}`;
  }
  // After the namespace, segments alternate type/name; the types are the even positions.
  const rest = parts.slice(at + 2);
  const types = rest.filter((_, i) => i % 2 === 0);
  return `${method} ${types.join("/") || parts[at + 1]}`;
}

export const ARM_METRICS_POLICY_NAME = "hscArmMetrics";

export function armMetricsPolicy(): PipelinePolicy {
  return {
    name: ARM_METRICS_POLICY_NAME,
    async sendRequest(request, next) {
      const operation = armOperationLabel(request.method, request.url);
      try {
        const response = await next(request);
        metrics().armRequests.inc({ operation, status: String(response.status) });
        return response;
      } catch (err) {
        // No HTTP answer (connection refused, TLS, abort): still a request that cost time.
        const status = (err as { statusCode?: number }).statusCode;
        metrics().armRequests.inc({ operation, status: status ? String(status) : "error" });
        throw err;
      }
    },
  };
}
