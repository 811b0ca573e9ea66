/**
 * ARCHITECTURE.md §6: one pure function decides whether an error is worth retrying. Works on AzureError
 * (duck-typed, so a RestError that slipped through classifies the same), on the plain Error the
 * SDK throws for a failed long-running operation, and on network errors. Client-safe.
 */
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

const TRANSIENT_CODES = new Set([
  "RetryableError",
  "RetryableErrorDueToAnotherOperation",
  "AnotherOperationInProgress",
  "ReferencedResourceNotProvisioned",
  "NicReservedForAnotherVm",
  "OperationPreempted",
  "Canceled",
  "CanceledAndSupersededDueToAnotherOperation",
  "InternalServerError",
  "InternalOperationError",
  "ServiceUnavailable",
  "GatewayTimeout",
  "RequestTimeout",
  "TooManyRequests",
  "SubscriptionRequestsThrottled",
  "ResourceGroupRequestsThrottled",
  "TenantRequestsThrottled",
  "NetworkError",
  "Timeout",
]);

/** ARM's and the resource providers' "too many requests" answers (a 429 RetryableError is a busy resource). */
const THROTTLE_CODES = new Set(["TooManyRequests", "SubscriptionRequestsThrottled", "ResourceGroupRequestsThrottled", "TenantRequestsThrottled"]);

const BUSY_CODES = new Set(["RetryableError", "RetryableErrorDueToAnotherOperation", "AnotherOperationInProgress"]);

/** Conflicts that resolve once the dependant resource (VM, NIC) is gone. */
const TEARDOWN_TRANSIENT_CODES = new Set(["NicInUse", "InUseSubnetCannotBeDeleted", "InUseNetworkInterfaceCannotBeDeleted"]);

const NETWORK_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "REQUEST_SEND_ERROR",
]);

const NETWORK_MESSAGE = /socket hang up|ECONNRESET|ECONNREFUSED|ETIMEDOUT|network (?:error|timeout)|fetch failed|other side closed/i;
const LRO_FAILED = /^The long-running operation has failed(?:\.\s*([A-Za-z][\w.]*)\.\s*([\s\S]*))?/;
const LRO_CANCELED = /^Operation was canceled/;

type ErrorLike = { name?: unknown; code?: unknown; statusCode?: unknown; retryAfterMs?: unknown; message?: unknown; cause?: unknown };

function asErrorLike(err: unknown): ErrorLike | null {
  return typeof err === "object" && err !== null ? (err as ErrorLike) : null;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** 408, 429 and 5xx except "not implemented" / "version not supported", as the SDK pipeline retries. */
function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Network failures, looking through `cause` (fetch wraps the socket error in a TypeError). */
function networkFailure(err: ErrorLike, depth = 0): { code: string; message: string } | null {
  const code = str(err.code);
  const name = str(err.name);
  const message = str(err.message) ?? "";
  if (code && NETWORK_ERROR_CODES.has(code)) return { code: code === "REQUEST_SEND_ERROR" ? "NetworkError" : code, message };
  if (name === "AbortError" || name === "TimeoutError") return { code: "Timeout", message: message || "The request timed out" };
  const cause = asErrorLike(err.cause);
  if (cause && depth < 3) {
    const inner = networkFailure(cause, depth + 1);
    if (inner) return inner;
  }
  if (!code && NETWORK_MESSAGE.test(message)) return { code: "NetworkError", message };
  return null;
}

function byCode(code: string, message: string, extra: Partial<ClassifiedError>, context: ClassifyContext): ClassifiedError {
  const status = extra.statusCode;
  const transient =
    (status !== undefined && isTransientStatus(status)) ||
    TRANSIENT_CODES.has(code) ||
    (context.duringTeardown === true && TEARDOWN_TRANSIENT_CODES.has(code));
  // CRP throttles with 429 OperationNotAllowed; a busy resource's 429 is a conflict, not the budget.
  const throttled = THROTTLE_CODES.has(code) || (status === 429 && !BUSY_CODES.has(code));
  return { class: transient ? "transient" : "permanent", code, message, ...extra, ...(throttled ? { throttled } : {}) };
}

/** True when the error only means "Azure asked us to wait" (ARM or RP throttling). */
export function isThrottlingError(err: unknown): boolean {
  return classifyError(err).throttled === true;
}

/** An LRO failure carries its code only in the message; parse it back out. */
function fromLroMessage(message: string, context: ClassifyContext): ClassifiedError | null {
  if (LRO_CANCELED.test(message)) return byCode("Canceled", message, {}, context);
  const match = LRO_FAILED.exec(message);
  if (!match) return null;
  const code = match[1];
  if (!code || code === "undefined") return byCode("OperationFailed", message, {}, context);
  return byCode(code, match[2]?.trim() || message, {}, context);
}

export function classifyError(err: unknown, context: ClassifyContext = {}): ClassifiedError {
  const e = asErrorLike(err);
  if (!e) return { class: "permanent", code: "InternalError", message: typeof err === "string" ? err : "Unknown error" };
  const message = str(e.message) ?? "";
  const network = networkFailure(e);
  if (network) return { class: "transient", ...network };
  const extra: Partial<ClassifiedError> = {};
  const statusCode = num(e.statusCode);
  const retryAfterMs = num(e.retryAfterMs);
  if (statusCode !== undefined) extra.statusCode = statusCode;
  if (retryAfterMs !== undefined && retryAfterMs >= 0) extra.retryAfterMs = retryAfterMs;
  const code = str(e.code);
  // lib/azure may wrap an LRO failure without parsing it; a specific code beats a generic one.
  const lro = fromLroMessage(message, context);
  if (lro && (!code || code === "OperationFailed" || code === "LroFailed")) return { ...lro, ...extra };
  if (code) return byCode(code, message, extra, context);
  if (statusCode !== undefined) return byCode(`Http${statusCode}`, message, extra, context);
  return { class: "permanent", code: "InternalError", message: message || "Unknown error" };
}

const NOT_FOUND_CODES = new Set(["ResourceNotFound", "NotFound", "ResourceGroupNotFound"]);

/** During deletion a missing resource counts as deleted (ARCHITECTURE.md §5.2). */
export function isNotFoundError(err: unknown): boolean {
  const e = asErrorLike(err);
  const code = e ? str(e.code) : undefined;
  return (code !== undefined && NOT_FOUND_CODES.has(code)) || (e !== null && num(e.statusCode) === 404);
}
