import { getDb } from "@/db";
import { createTokenForActor, listTokensForActor } from "@/lib/auth/token-api";
import { readJson } from "@/lib/http/body";
import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { metaFromHeaders } from "@/lib/request-meta";

/** The caller's own tokens (secrets are never shown again). */
export const GET = apiRoute(async ({ actor }) => ok(await listTokensForActor({ db: await getDb(), actor })));

/** A new token for a signed-in browser session; a token-authenticated caller gets 403. */
export const POST = apiRoute(async ({ req, actor }) =>
  ok(await createTokenForActor({ db: await getDb(), actor, input: await readJson(req), meta: metaFromHeaders(req.headers) }), { status: 201 }),
);
