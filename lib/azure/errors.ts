/**
 * The one error type that leaves lib/azure, and the one place Azure's errors are read
 * (ARCHITECTURE.md §6). lib/azure/arm converts every SDK failure (RestError on an initial
 * response, LRO failure while polling, network error, timeout) into an AzureError through
 * `readAzureError`, keeping Azure's own code and message so the UI can show them verbatim, and
 * saying how Azure meant it: `transient` (ask again), `permanent` (it will not work) or
 * `throttled` (the request budget said no: wait, it is not a failure). The orchestrator's
 * classifier only maps that class to a step's decision. Client-safe: no imports.
 */

export const AZURE_ERROR_CLASSES = ["transient", "permanent", "throttled"] as const;
export type AzureErrorClass = (typeof AZURE_ERROR_CLASSES)[number];

export class AzureError extends Error {
  readonly code: string;
  /** HTTP status of the response that carried the error; absent for network errors and LRO failures. */
  readonly statusCode?: number;
  /** Server's Retry-After in milliseconds, when the response had one. */
  readonly retryAfterMs?: number;
  /** Which operation failed, e.g. "virtualNetworks.createOrUpdate spoke-vnet-7". */
  readonly operation?: string;
  /** How Azure meant it (ARM-REFERENCE §3); derived from code and status unless given. */
  readonly errorClass: AzureErrorClass;

  constructor(
    code: string,
    message: string,
    opts: {
      statusCode?: number;
      retryAfterMs?: number;
      operation?: string;
      cause?: unknown;
      errorClass?: AzureErrorClass;
    } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AzureError";
    this.code = code;
    this.statusCode = opts.statusCode;
    this.retryAfterMs = opts.retryAfterMs;
    this.operation = opts.operation;
    this.errorClass = opts.errorClass ?? azureErrorClass(code, opts.statusCode);
  }
}

export function isAzureError(err: unknown): err is AzureError {
  return (
    err instanceof AzureError ||
    (typeof err === "object" && err !== null && (err as { name?: unknown }).name === "AzureError")
  );
}

/** Codes Azure uses for "ask again" (ARM-REFERENCE §3.2). */
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
const THROTTLE_CODES = new Set([
  "TooManyRequests",
  "SubscriptionRequestsThrottled",
  "ResourceGroupRequestsThrottled",
  "TenantRequestsThrottled",
]);

const BUSY_CODES = new Set(["RetryableError", "RetryableErrorDueToAnotherOperation", "AnotherOperationInProgress"]);

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

const NETWORK_MESSAGE =
  /socket hang up|ECONNRESET|ECONNREFUSED|ETIMEDOUT|network (?:error|timeout)|fetch failed|other side closed/i;
/** ARM-REFERENCE §2.2: a failed LRO reaches us as a plain Error with the code only in its message. */
const LRO_FAILED = /^The long-running operation has failed(?:\.\s*([A-Za-z][\w.]*)\.\s*([\s\S]*))?/;
const LRO_CANCELED = /^Operation was canceled/;
/** Codes a wrapper uses for an LRO failure it did not parse; the code in the message beats them. */
const GENERIC_LRO_CODES = new Set(["OperationFailed", "LroFailed"]);
const NOT_FOUND_CODES = new Set(["ResourceNotFound", "NotFound", "ResourceGroupNotFound"]);

/** 408, 429 and 5xx except "not implemented" / "version not supported", as the SDK pipeline retries. */
function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** The class of an answer with this code and HTTP status. */
export function azureErrorClass(code: string, statusCode?: number): AzureErrorClass {
  // CRP throttles with 429 OperationNotAllowed; a busy resource's 429 is a conflict, not the budget.
  if (THROTTLE_CODES.has(code) || (statusCode === 429 && !BUSY_CODES.has(code))) return "throttled";
  if ((statusCode !== undefined && isTransientStatus(statusCode)) || TRANSIENT_CODES.has(code)) return "transient";
  return "permanent";
}

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
  retryAfterMs?: unknown;
  message?: unknown;
  cause?: unknown;
  operation?: unknown;
};

function asErrorLike(err: unknown): ErrorLike | null {
  return typeof err === "object" && err !== null ? (err as ErrorLike) : null;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Network failures, looking through `cause` (fetch wraps the socket error in a TypeError). */
function networkFailure(err: ErrorLike, depth = 0): { code: string; message: string } | null {
  const code = str(err.code);
  const name = str(err.name);
  const message = str(err.message) ?? "";
  if (code && NETWORK_ERROR_CODES.has(code))
    return { code: code === "REQUEST_SEND_ERROR" ? "NetworkError" : code, message };
  if (name === "AbortError" || name === "TimeoutError")
    return { code: "Timeout", message: message || "The request timed out" };
  const cause = asErrorLike(err.cause);
  if (cause && depth < 3) {
    const inner = networkFailure(cause, depth + 1);
    if (inner) return inner;
  }
  if (!code && NETWORK_MESSAGE.test(message)) return { code: "NetworkError", message };
  return null;
}

/** An LRO failure carries its code only in the message; parse it back out. */
function fromLroMessage(message: string): { code: string; message: string } | null {
  // Azure's superseded AGW PUT (CanceledAndSupersededDueToAnotherOperation) arrives like this.
  if (LRO_CANCELED.test(message)) {
    return {
      code: "Canceled",
      message:
        message === "Operation was canceled"
          ? "The operation was canceled by Azure, e.g. superseded by another operation."
          : message,
    };
  }
  const match = LRO_FAILED.exec(message);
  if (!match) return null;
  const code = match[1];
  if (!code || code === "undefined") return { code: "OperationFailed", message };
  return { code, message: match[2]?.trim() || message };
}

export interface ReadOptions {
  /** Which operation failed (kept on the AzureError for logs). */
  operation?: string;
  /** Retry-After read from the response's headers, when the caller has them. */
  retryAfterMs?: number;
}

/**
 * Reads any error an Azure call can end in — an AzureError, a RestError(-shaped object), the plain
 * Error of a failed or canceled LRO, a network error or timeout (also wrapped in `cause`) — as an
 * AzureError with Azure's code, message, status, retry-after and class. Undefined when the error
 * says nothing Azure-like (no code, no status, no LRO message, no network failure): it is ours.
 */
export function readAzureError(err: unknown, opts: ReadOptions = {}): AzureError | undefined {
  const e = asErrorLike(err);
  if (!e) return undefined;
  const operation = opts.operation ?? str(e.operation);
  const network = networkFailure(e);
  if (network) {
    if (
      err instanceof AzureError &&
      err.code === network.code &&
      err.errorClass === "transient" &&
      err.statusCode === undefined
    )
      return err;
    return new AzureError(network.code, network.message, { operation, cause: err, errorClass: "transient" });
  }
  const message = str(e.message) ?? "";
  const statusCode = num(e.statusCode);
  const ra = opts.retryAfterMs ?? num(e.retryAfterMs);
  const retryAfterMs = ra !== undefined && ra >= 0 ? ra : undefined;
  const code = str(e.code);
  const lro = fromLroMessage(message);
  if (lro && (!code || GENERIC_LRO_CODES.has(code)))
    return new AzureError(lro.code, lro.message, { statusCode, retryAfterMs, operation, cause: err });
  if (!code && statusCode === undefined) return undefined;
  if (
    err instanceof AzureError &&
    code === err.code &&
    err.retryAfterMs === retryAfterMs &&
    (opts.operation === undefined || err.operation === opts.operation)
  )
    return err;
  return new AzureError(code ?? `Http${statusCode}`, message, { statusCode, retryAfterMs, operation, cause: err });
}

/** A missing resource (during deletion it counts as deleted, ARCHITECTURE.md §5.2). */
export function isAzureNotFound(err: unknown): boolean {
  const e = asErrorLike(err);
  const code = e ? str(e.code) : undefined;
  return (code !== undefined && NOT_FOUND_CODES.has(code)) || (e !== null && num(e.statusCode) === 404);
}
