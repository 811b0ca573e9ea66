/**
 * The one error type that leaves lib/azure. lib/azure/arm converts every SDK failure
 * (RestError on an initial response, LRO failure while polling, network error, timeout)
 * into this, keeping Azure's own code and message so the UI can show them verbatim.
 */
export class AzureError extends Error {
  readonly code: string;
  /** HTTP status of the response that carried the error; absent for network errors and LRO failures. */
  readonly statusCode?: number;
  /** Server's Retry-After in milliseconds, when the response had one. */
  readonly retryAfterMs?: number;
  /** Which operation failed, e.g. "virtualNetworks.createOrUpdate spoke-vnet-7". */
  readonly operation?: string;

  constructor(
    code: string,
    message: string,
    opts: { statusCode?: number; retryAfterMs?: number; operation?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AzureError";
    this.code = code;
    this.statusCode = opts.statusCode;
    this.retryAfterMs = opts.retryAfterMs;
    this.operation = opts.operation;
  }
}

export function isAzureError(err: unknown): err is AzureError {
  return err instanceof AzureError || (typeof err === "object" && err !== null && (err as { name?: unknown }).name === "AzureError");
}
