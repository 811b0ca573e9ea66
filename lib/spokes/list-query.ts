import { AppError } from "@/lib/errors";
import type { ListSpokesInput } from "./list-spokes";

/** ?status=a,b&status=c&limit=20&cursor=… → verb input; bad values are a 400 with a clear message. */
export function parseListQuery(params: URLSearchParams): ListSpokesInput {
  const status = params.getAll("status").flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
  const rawLimit = params.get("limit");
  let limit: number | undefined;
  if (rawLimit !== null) {
    if (!/^\d{1,4}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > 200) {
      throw new AppError("bad_request", `Invalid limit: ${rawLimit.slice(0, 20)}. Must be between 1 and 200`);
    }
    limit = Number(rawLimit);
  }
  return { status: status.length ? status : undefined, limit, cursor: params.get("cursor") ?? undefined };
}
