import type { NextRequest } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readJson } from "./body";

const ConfirmBody = z.object({ confirm: z.string().max(200).optional() });

/**
 * DELETE /api/spokes/{id}'s optional typed confirmation: `?confirm=` or a JSON body
 * `{"confirm": "…"}`; no body at all (the Flask original's clients) is no confirmation. A promise
 * the verb awaits after its ownership check, so another user's request is 404 whatever it sends.
 */
export function deferredConfirm(req: NextRequest): Promise<string | undefined> {
  const query = req.nextUrl.searchParams.get("confirm");
  const length = req.headers.get("content-length");
  const hasBody = (length !== null && length !== "0") || req.headers.has("transfer-encoding");
  const read = async (): Promise<string | undefined> => {
    if (query !== null) return query;
    if (!hasBody) return undefined;
    const parsed = ConfirmBody.safeParse(await readJson(req));
    if (!parsed.success)
      throw new AppError(
        "bad_request",
        'The body must be a JSON object whose optional "confirm" is a string (the spoke\'s client name)',
      );
    return parsed.data.confirm;
  };
  const p = read();
  p.catch(() => {}); // awaited (and its error thrown) by the verb
  return p;
}
