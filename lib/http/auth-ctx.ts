/**
 * The context for auth's verbs in a request (route handler, server action, page): the process's
 * database and the request's IP / user agent, plus the caller when there is one. app/ never opens
 * the database itself (ARCHITECTURE.md §2); it asks for a context here or in spoke-ctx.ts.
 */
import type { NextRequest } from "next/server";
import { getDb } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import type { ActorCtx, AuthCtx } from "@/lib/auth/context";
import { metaFromHeaders, requestMeta } from "@/lib/request-meta";

type WithHeaders = NextRequest | { headers: Headers };

/** No caller yet (sign-in, the local operator's internal routes). */
export async function authCtx(req?: WithHeaders): Promise<AuthCtx> {
  return { db: await getDb(), meta: req ? metaFromHeaders(req.headers) : await requestMeta() };
}

/** A signed-in caller. */
export async function actorCtx(actor: Actor, req?: WithHeaders): Promise<ActorCtx> {
  return { ...(await authCtx(req)), actor };
}
