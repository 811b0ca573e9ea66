import { createTokenForActor, listTokensForActor } from "@/lib/auth/token-api";
import { actorCtx } from "@/lib/http/auth-ctx";
import { readJson } from "@/lib/http/body";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";

/** The caller's own tokens (secrets are never shown again). */
export const GET = apiRoute(async ({ req, actor }) =>
  ok(await listTokensForActor({ ctx: await actorCtx(actor, req) })),
);

/** A new token for a signed-in browser session; a token-authenticated caller gets 403. */
export const POST = apiRoute(async ({ req, actor }) =>
  ok(await createTokenForActor({ ctx: await actorCtx(actor, req), input: await readJson(req) }), { status: 201 }),
);
