/**
 * The product's error taxonomy: a small fixed set of codes, one code→HTTP status map. Every error
 * answer of the API carries its code as `code` (README, "Error codes"): clients branch on it, never
 * on the wording of `message`. Codes are only ever added, never renamed.
 */
export const APP_ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  /** Azure refused the request (a 4xx of its own); Azure's code and message are in `details.azure`. */
  azure_error: 502,
  unavailable: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Safe to show to the client (field errors, Azure's code and message …). */
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;

  constructor(
    code: AppErrorCode,
    message: string,
    opts: { details?: unknown; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.details = opts.details;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Azure's own words for an error, as `details.azure` of an error answer. */
export interface AzureErrorDetails {
  azure: { code: string; message: string; status_code: number | null; operation: string | null };
}

interface AzureLike {
  code: string;
  message: string;
  statusCode?: number;
  retryAfterMs?: number;
  operation?: string;
}

export function azureErrorDetails(err: AzureLike): AzureErrorDetails {
  return {
    azure: {
      code: err.code,
      message: err.message,
      status_code: err.statusCode ?? null,
      operation: err.operation ?? null,
    },
  };
}

/**
 * The answer for an Azure failure that reached a request: Azure throttling, a 5xx or no answer at
 * all is `unavailable` (try again later); any other refusal is `azure_error`. Either way the
 * client gets Azure's code and message verbatim in `details.azure`.
 */
export function appErrorFromAzure(err: AzureLike): AppError {
  const retryable = err.statusCode === undefined || err.statusCode === 429 || err.statusCode >= 500;
  const retryAfterSeconds = retryable ? Math.max(1, Math.ceil((err.retryAfterMs ?? 5_000) / 1000)) : undefined;
  return new AppError(retryable ? "unavailable" : "azure_error", `Azure answered ${err.code}: ${err.message}`, {
    details: azureErrorDetails(err),
    retryAfterSeconds,
    cause: err,
  });
}
