import { AzureError } from "../errors";

const LRO_FAILED = /^The long-running operation has failed(?:\.\s*([A-Za-z][\w.]*)\.\s*([\s\S]*))?$/;

function header(err: { response?: { headers?: { get?(name: string): string | undefined } } }, name: string): string | undefined {
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
 * The single place SDK failures become AzureError (ARCHITECTURE.md §6): RestError on an initial response,
 * plain Error from a failed or canceled LRO, transport errors, aborts.
 */
export function toAzureError(err: unknown, operation: string): AzureError {
  if (err instanceof AzureError) return err;
  if (!(err instanceof Error)) return new AzureError("UnknownError", String(err), { operation, cause: err });
  if (err.name === "AbortError") return new AzureError("Aborted", err.message || "The operation was aborted.", { operation, cause: err });
  if (err.name === "RestError") {
    const e = err as Error & { code?: string; statusCode?: number };
    const code = e.code ?? (e.statusCode ? `Http${e.statusCode}` : "RequestError");
    return new AzureError(code, e.message, { statusCode: e.statusCode, retryAfterMs: retryAfterMs(e), operation, cause: err });
  }
  const lro = LRO_FAILED.exec(err.message);
  if (lro) {
    return new AzureError(lro[1] ?? "LongRunningOperationFailed", (lro[2] ?? err.message).trim() || err.message, { operation, cause: err });
  }
  if (err.message === "Operation was canceled") {
    // Azure's superseded AGW PUT (CanceledAndSupersededDueToAnotherOperation) arrives like this.
    return new AzureError("Canceled", "The operation was canceled by Azure, e.g. superseded by another operation.", { operation, cause: err });
  }
  const code = (err as Error & { code?: unknown }).code;
  return new AzureError(typeof code === "string" ? code : "UnknownError", err.message, { operation, cause: err });
}

export function isNotFound(err: AzureError): boolean {
  return err.statusCode === 404;
}
