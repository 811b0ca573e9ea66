/** The REST face of personal tokens (`/api/tokens`): input schema and the verbs the route calls. */
import { z } from "zod";
import type { Db } from "@/db";
import type { RequestMeta } from "@/lib/request-meta";
import type { Actor } from "./actor";
import { createApiToken, listApiTokens, TokenName } from "./tokens";

export const CreateTokenBody = z
  .object({
    name: TokenName,
    /** ISO 8601; null = never expires; absent = API_TOKEN_DEFAULT_DAYS from now. */
    expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();

const view = (t: { id: string; name: string; prefix: string; expiresAt: Date | null }) => ({ id: t.id, name: t.name, prefix: t.prefix, expires_at: t.expiresAt?.toISOString() ?? null });

export async function createTokenForActor({ db, actor, input, meta }: { db: Db; actor: Actor; input: unknown; meta: RequestMeta }) {
  const body = CreateTokenBody.parse(input);
  const expiresAt = body.expires_at === undefined ? undefined : body.expires_at === null ? null : new Date(body.expires_at);
  const created = await createApiToken(db, { userId: actor.id, via: actor.via }, { name: body.name, expiresAt }, meta);
  return { ...view(created), token: created.token };
}

export async function listTokensForActor({ db, actor }: { db: Db; actor: Actor }) {
  const rows = await listApiTokens(db, actor.id);
  return rows.map((t) => ({ ...view(t), created_at: t.createdAt.toISOString(), last_used_at: t.lastUsedAt?.toISOString() ?? null, revoked_at: t.revokedAt?.toISOString() ?? null }));
}
