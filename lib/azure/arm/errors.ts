/**
 * Where SDK failures enter lib/azure (ARCHITECTURE.md §6): the response headers only the SDK's
 * RestError carries (Retry-After) are read here; everything else — code, LRO message, network
 * failure, class — is read once, by `readAzureError` in lib/azure/errors.ts.
 */
import { AzureError, readAzureError } from "../errors";
import { errorBodyOf } from "./error-body-policy";

/** Messages the SDKs write in place of Azure's (the paging helpers' createRestError). */
const SDK_STAND_IN = /^(Pagination failed with unexpected statusCode|Unexpected status code:?) \d+/;

function header(
  err: { response?: { headers?: { get?(name: string): string | undefined } } },
  name: string,
): string | undefined {
  try {
    return err.response?.headers?.get?.(name) ?? undefined;
  } catch {
    return undefined;
  }
}

function retryAfterMs(err: object): number | undefined {
  const ms = header(err, "retry-after-ms") ?? header(err, "x-ms-retry-after-ms");
  if (ms !== undefined && Number.isFinite(Number(ms))) return Number(ms);
  const ra = header(err, "retry-after");
  if (ra === undefined) return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * The single place SDK failures become AzureError: RestError on an initial response, plain Error
 * from a failed or canceled LRO, transport errors, aborts. What says nothing Azure-like is an
 * `UnknownError` (permanent).
 */
export function toAzureError(err: unknown, operation: string): AzureError {
  if (err instanceof AzureError) return err;
  const restError = typeof err === "object" && err !== null && (err as { name?: unknown }).name === "RestError";
  const read = readAzureError(err, { operation, retryAfterMs: restError ? retryAfterMs(err) : undefined });
  const body = restError && read && SDK_STAND_IN.test(read.message) ? errorBodyOf(err) : undefined;
  if (read && body)
    return new AzureError(body.code ?? read.code, body.message, {
      statusCode: read.statusCode,
      retryAfterMs: read.retryAfterMs,
      operation,
      cause: err,
    });
  if (read) return read;
  const message = err instanceof Error ? err.message : String(err);
  return new AzureError(restError ? "RequestError" : "UnknownError", message, { operation, cause: err });
}

export function isNotFound(err: AzureError): boolean {
  return err.statusCode === 404;
}
