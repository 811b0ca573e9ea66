import type { JsonObject } from "./types";

/** An ARM error: thrown by handlers, rendered as the ARM error envelope (ARM-REFERENCE §3.1). */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { target?: string; details?: JsonObject[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ArmError";
  }

  envelope(): JsonObject {
    const error: JsonObject = { code: this.code, message: this.message };
    if (this.extra.target) error.target = this.extra.target;
    if (this.extra.details) error.details = this.extra.details;
    return { error };
  }
}

export function badRequest(code: string, message: string, target?: string): ArmError {
  return new ArmError(400, code, message, { target });
}

export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    { headers: { "x-ms-failure-cause": "gateway" } },
  );
}

export function childNotFound(id: string): ArmError {
  return new ArmError(404, "NotFound", `Resource ${id} not found.`);
}

export function resourceGroupNotFound(name: string): ArmError {
  return new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`, {
    headers: { "x-ms-failure-cause": "gateway" },
  });
}

export function invalidReference(referenced: string, by: string): ArmError {
  return badRequest(
    "InvalidResourceReference",
    `Resource ${referenced} referenced by resource ${by} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
  );
}

export function invalidParameter(target: string, message?: string): ArmError {
  return badRequest("InvalidParameter", message ?? `The value of parameter ${target} is invalid.`, target);
}

export function anotherOperation(resourceId: string, operation: string, opId: string, retryAfterMs: number): ArmError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ArmError(429, "RetryableError", "A retryable error occurred.", {
    details: [
      {
        code: "RetryableErrorDueToAnotherOperation",
        message: `Operation ${operation} (${opId}) is updating resource ${resourceId}. The call can be retried in ${seconds} seconds.`,
      },
    ],
    headers: { "retry-after": String(seconds), "retry-after-ms": String(Math.max(1, Math.round(retryAfterMs))) },
  });
}
