import type { NextRequest } from "next/server";
import { readJson } from "./body";

/**
 * The JSON body as a promise the verb awaits once it has checked ownership, so another user's
 * request is 404 whatever its body (a 400 would confirm the spoke exists).
 */
export function deferredJson(req: NextRequest): Promise<unknown> {
  const body = readJson(req);
  body.catch(() => {}); // awaited (and its error thrown) by the verb
  return body;
}

/** As deferredJson, for a body that may be left out: an empty body reads as undefined. */
export function deferredOptionalJson(req: NextRequest): Promise<unknown> {
  const body = readJson(req, undefined, { optional: true });
  body.catch(() => {}); // awaited (and its error thrown) by the verb
  return body;
}
