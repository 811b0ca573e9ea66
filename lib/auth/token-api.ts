/** The REST face of personal tokens (`/api/tokens`): input schema and the verbs the route calls. */
import { z } from "zod";
import type { ActorCtx } from "./context";
import { createApiToken, listApiTokens, TokenName } from "./tokens";

export const CreateTokenBody = z
  .object({
    name: TokenName,
    /** ISO 8601; null = never expires; absent = API_TOKEN_DEFAULT_DAYS from now. */
    expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();

const view = (t: { id: string; name: string; prefix: string; expiresAt: Date | null }) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  expires_at: t.expiresAt?.toISOString() ?? null,
});

/** POST /api/tokens: a new token for a signed-in browser session; a token-authenticated caller gets 403. */
export async function createTokenForActor({ ctx, input }: { ctx: ActorCtx; input: unknown }) {
  const body = CreateTokenBody.parse(input);
  const expiresAt =
    body.expires_at === undefined ? undefined : body.expires_at === null ? null : new Date(body.expires_at);
  const created = await createApiToken({ ctx, input: { name: body.name, expiresAt } });
  return { ...view(created), token: created.token };
}

/** GET /api/tokens: the caller's own tokens (secrets are never shown again). */
export async function listTokensForActor({ ctx }: { ctx: ActorCtx; input?: undefined }) {
  const rows = await listApiTokens({ ctx });
  return rows.map((t) => ({
    ...view(t),
    created_at: t.createdAt.toISOString(),
    last_used_at: t.lastUsedAt?.toISOString() ?? null,
    revoked_at: t.revokedAt?.toISOString() ?? null,
  }));
}
