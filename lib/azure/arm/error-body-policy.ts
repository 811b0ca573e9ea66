/**
 * Keeps Azure's error code and message of a failed response for `toAzureError`. The paging
 * helpers of the generated SDKs (@azure/arm-compute, -network, -resources: static-helpers/
 * pagingHelpers.js) throw `createRestError("Pagination failed with unexpected statusCode 403", …)`:
 * the body's code survives, Azure's message does not, and the RestError carries no body. This
 * policy only observes: it reads the body text the HTTP client already buffered.
 */
import type { PipelinePolicy, PipelineRequest } from "@azure/core-rest-pipeline";

export interface AzureErrorBody {
  code?: string;
  message: string;
}

const bodies = new WeakMap<PipelineRequest, AzureErrorBody>();

export const ARM_ERROR_BODY_POLICY_NAME = "hscArmErrorBody";

function parse(text: string | undefined): AzureErrorBody | undefined {
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const message = body.error?.message;
    if (typeof message !== "string" || !message) return undefined;
    return { code: typeof body.error?.code === "string" ? body.error.code : undefined, message };
  } catch {
    return undefined;
  }
}

export function armErrorBodyPolicy(): PipelinePolicy {
  return {
    name: ARM_ERROR_BODY_POLICY_NAME,
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status >= 400) {
        const body = parse(response.bodyAsText ?? undefined);
        if (body) bodies.set(request, body);
      }
      return response;
    },
  };
}

/** Azure's own error body of the failed request `err` was made from, if this process saw it. */
export function errorBodyOf(err: unknown): AzureErrorBody | undefined {
  const request = (err as { request?: unknown } | null)?.request;
  return typeof request === "object" && request !== null ? bodies.get(request as PipelineRequest) : undefined;
}
