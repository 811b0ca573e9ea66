import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { z } from "zod";
import { isAzureError } from "@/lib/azure/errors";
import { AppError, appErrorFromAzure, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

/** The original API's envelope: {"status":"success","data":…}. */
export function ok<T>(
  data: T,
  init: { status?: number; headers?: HeadersInit; extra?: Record<string, unknown>; message?: string } = {},
) {
  const body = { status: "success", ...(init.message ? { message: init.message } : {}), data, ...init.extra };
  return NextResponse.json(body, { status: init.status ?? 200, headers: init.headers });
}

export function errorResponse(err: unknown, traceId: string = randomUUID()) {
  const appErr = toAppError(err);
  if (appErr.status >= 500) log.error("request failed", { traceId, err: String((err as Error)?.stack ?? err) });
  else log.info("request rejected", { traceId, code: appErr.code, message: appErr.message });
  const body: Record<string, unknown> = {
    status: "error",
    code: appErr.code,
    message: appErr.message,
    trace_id: traceId,
  };
  if (appErr.details !== undefined) body.details = appErr.details;
  const headers: Record<string, string> = { "x-trace-id": traceId };
  if (appErr.retryAfterSeconds !== undefined) headers["retry-after"] = String(appErr.retryAfterSeconds);
  return NextResponse.json(body, { status: appErr.status, headers });
}

function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (err instanceof z.ZodError) {
    const first = err.issues[0];
    return new AppError("bad_request", first?.message ?? "Invalid request", {
      details: err.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  if (isAzureError(err)) return appErrorFromAzure(err);
  // Internal messages never reach the client; the trace id finds them in the log.
  return new AppError("internal", "Internal server error", { cause: err });
}
