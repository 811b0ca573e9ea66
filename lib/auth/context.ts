/**
 * The context of auth's verbs (ARCHITECTURE.md §2): every verb is `({ ctx, input })`. The route
 * wrappers and action helpers (lib/http/auth-ctx.ts, lib/http/spoke-ctx.ts) build it; the CLI
 * builds its own with `actor.via = "cli"`. A SpokeCtx is an ActorCtx.
 */
import type { DbOrTx } from "@/db";
import type { RequestMeta } from "@/lib/request-meta";
import type { Actor } from "./actor";

export interface AuthCtx {
  db: DbOrTx;
  /** Client IP and user agent for the audit rows; absent outside a request. */
  meta?: Partial<RequestMeta>;
}

/** Who acts: a signed-in session, a personal API token, or the local operator's CLI. */
export interface Principal {
  id: string;
  via: Actor["via"] | "cli";
}

export interface ActorCtx extends AuthCtx {
  actor: Actor;
}
