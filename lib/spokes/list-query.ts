import { z } from "zod";
import { AppError } from "@/lib/errors";
import { DRIFT_STATUSES } from "@/lib/drift/types";
import { SPOKE_STATUSES } from "@/lib/ledger/status";
import type { ListSpokesInput } from "./list-spokes";

/** The query parameters of GET /api/spokes (also what the OpenAPI document shows). */
export const StatusParam = z.enum(SPOKE_STATUSES);
export const LimitParam = z.int().min(1).max(200).default(50);
export const DriftParam = z
  .enum(DRIFT_STATUSES)
  .describe("Only spokes whose last drift check says this (unknown: never checked or Azure unreadable)");
export const CursorParam = z.string().max(200).describe("next_cursor of the previous page");

/** ?status=a,b&status=c&limit=20&cursor=… → verb input; bad values are a 400 with a clear message. */
export function parseListQuery(params: URLSearchParams): ListSpokesInput {
  const status = params
    .getAll("status")
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  const badStatus = status.find((s) => !StatusParam.safeParse(s).success);
  if (badStatus !== undefined || status.length > SPOKE_STATUSES.length) {
    throw new AppError(
      "bad_request",
      `Invalid status: ${(badStatus ?? status.join(",")).slice(0, 40)}. Must be one of ${SPOKE_STATUSES.join(", ")}`,
    );
  }
  const rawLimit = params.get("limit");
  let limit: number | undefined;
  if (rawLimit !== null) {
    if (!/^\d{1,4}$/.test(rawLimit) || !LimitParam.safeParse(Number(rawLimit)).success) {
      throw new AppError("bad_request", `Invalid limit: ${rawLimit.slice(0, 20)}. Must be between 1 and 200`);
    }
    limit = Number(rawLimit);
  }
  const cursor = params.get("cursor") ?? undefined;
  if (cursor !== undefined && !CursorParam.safeParse(cursor).success)
    throw new AppError("bad_request", "Invalid cursor");
  const drift = params.get("drift") ?? undefined;
  if (drift !== undefined && !DriftParam.safeParse(drift).success) {
    throw new AppError(
      "bad_request",
      `Invalid drift: ${drift.slice(0, 20)}. Must be one of ${DRIFT_STATUSES.join(", ")}`,
    );
  }
  return {
    status: status.length ? status : undefined,
    limit,
    cursor,
    ...(drift ? { drift: drift as (typeof DRIFT_STATUSES)[number] } : {}),
  };
}
