/** One wrapper for API route handlers: actor resolution, Origin check, envelope, trace id. */
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { getActor, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { errorResponse } from "./envelope";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface RouteContext<P> {
  req: NextRequest;
  params: P;
  traceId: string;
}

/**
 * Browsers always send Origin on cross-site unsafe requests; a mismatch is a CSRF attempt.
 * Non-browser clients (curl, scripts with a Bearer token) send none and are allowed.
 */
export function checkOrigin(req: NextRequest) {
  if (!UNSAFE.has(req.method)) return;
  const origin = req.headers.get("origin");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("forbidden", "Cross-origin request refused");
  }
  if (originHost !== host) throw new AppError("forbidden", "Cross-origin request refused");
}

type Handler<P> = (ctx: RouteContext<P> & { actor: Actor }) => Promise<Response>;
type PublicHandler<P> = (ctx: RouteContext<P> & { actor: Actor | null }) => Promise<Response>;

async function run<P>(
  req: NextRequest,
  rawParams: Promise<P> | undefined,
  requireActor: boolean,
  fn: PublicHandler<P>,
) {
  const traceId = randomUUID();
  try {
    checkOrigin(req);
    const actor = await getActor();
    if (requireActor && !actor) {
      const bearer = req.headers.has("authorization");
      throw new AppError("unauthorized", bearer ? "Invalid or revoked API token" : "Authentication required");
    }
    const params = (rawParams ? await rawParams : {}) as P;
    return await fn({ req, params, traceId, actor });
  } catch (err) {
    return errorResponse(err, traceId);
  }
}

export function apiRoute<P = Record<string, never>>(fn: Handler<P>) {
  return (req: NextRequest, ctx?: { params: Promise<P> }) => run<P>(req, ctx?.params, true, fn as PublicHandler<P>);
}

export function publicRoute<P = Record<string, never>>(fn: PublicHandler<P>) {
  return (req: NextRequest, ctx?: { params: Promise<P> }) => run<P>(req, ctx?.params, false, fn);
}
