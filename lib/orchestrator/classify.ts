/**
 * ARCHITECTURE.md §6: one pure function decides what a step does with an error. Azure's errors are
 * read once, in lib/azure (`readAzureError`: code, message, status, Retry-After and class —
 * transient, permanent or throttled); this module only maps that class to the step's decision,
 * adds the product's own rule (teardown's "still in use" is a matter of waiting) and calls
 * anything that is not Azure's an internal, permanent error. Client-safe.
 */
import { isAzureNotFound, readAzureError } from "@/lib/azure/errors";
import type { ErrorClass } from "@/lib/ledger/status";

export type ClassifiedError = {
  class: ErrorClass;
  /** Azure's own code where there is one (the UI shows it), else one of ours. */
  code: string;
  message: string;
  retryAfterMs?: number;
  statusCode?: number;
  /** Azure's request budget, not the operation, said no: wait and ask again, it is not a failure. */
  throttled?: boolean;
};

export type ClassifyContext = {
  /** Deleting in dependency order makes "still in use" a matter of waiting (ARCHITECTURE.md §5.2). */
  duringTeardown?: boolean;
};

/** Conflicts that resolve once the dependant resource (VM, NIC) is gone. */
const TEARDOWN_TRANSIENT_CODES = new Set([
  "NicInUse",
  "InUseSubnetCannotBeDeleted",
  "InUseNetworkInterfaceCannotBeDeleted",
]);

function internal(err: unknown): ClassifiedError {
  if (typeof err !== "object" || err === null)
    return { class: "permanent", code: "InternalError", message: typeof err === "string" ? err : "Unknown error" };
  const message = (err as { message?: unknown }).message;
  return {
    class: "permanent",
    code: "InternalError",
    message: typeof message === "string" && message !== "" ? message : "Unknown error",
  };
}

export function classifyError(err: unknown, context: ClassifyContext = {}): ClassifiedError {
  const azure = readAzureError(err);
  if (!azure) return internal(err);
  const waitsOutTeardown = context.duringTeardown === true && TEARDOWN_TRANSIENT_CODES.has(azure.code);
  return {
    class: azure.errorClass === "permanent" && !waitsOutTeardown ? "permanent" : "transient",
    code: azure.code,
    message: azure.message,
    ...(azure.statusCode !== undefined ? { statusCode: azure.statusCode } : {}),
    ...(azure.retryAfterMs !== undefined ? { retryAfterMs: azure.retryAfterMs } : {}),
    ...(azure.errorClass === "throttled" ? { throttled: true } : {}),
  };
}

/** True when the error only means "Azure asked us to wait" (ARM or RP throttling). */
export function isThrottlingError(err: unknown): boolean {
  return readAzureError(err)?.errorClass === "throttled";
}

/** During deletion a missing resource counts as deleted (ARCHITECTURE.md §5.2). */
export function isNotFoundError(err: unknown): boolean {
  return isAzureNotFound(err);
}
