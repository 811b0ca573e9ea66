/** Personal API tokens: `hsc_` + 32 random bytes, shown once, stored as SHA-256. */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { apiTokens, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { AuthCtx, Principal } from "./context";
import { isDevIdentityAllowed, type PolicyCtx } from "./sessions";
import type { UserRow } from "./users";

export const TOKEN_PREFIX = "hsc_";
const TOKEN_RE = /^hsc_[A-Za-z0-9_-]{43}$/;

export const TokenName = z.string().trim().min(1, "Name is required").max(60, "Name is at most 60 characters");

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface CreatedToken {
  id: string;
  name: string;
  prefix: string;
  expiresAt: Date | null;
  /** The secret; returned once, never stored. */
  token: string;
}

/** undefined: the default lifetime (API_TOKEN_DEFAULT_DAYS); null: never expires; a Date must lie ahead. */
export function tokenExpiry(
  expiresAt: Date | null | undefined,
  defaultDays = env().API_TOKEN_DEFAULT_DAYS,
): Date | null {
  if (expiresAt === null) return null;
  if (expiresAt === undefined) return new Date(Date.now() + defaultDays * 86_400_000);
  if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())
    throw new AppError("bad_request", "Expiry must be in the future");
  if (expiresAt.getTime() > Date.now() + MAX_DAYS * 86_400_000)
    throw new AppError("bad_request", `Expiry is at most ${MAX_DAYS} days ahead`);
  return expiresAt;
}

const MAX_DAYS = 3650;

const auditMeta = (ctx: AuthCtx) => ({ ip: ctx.meta?.ip ?? null, userAgent: ctx.meta?.userAgent ?? null });

/**
 * A new token for the acting user. How the actor is authenticated matters: a token may never mint
 * another (a leaked one would live forever), so `via: "token"` is refused (403, audited).
 */
export async function createApiToken({
  ctx,
  input,
}: {
  ctx: AuthCtx & { actor: Principal };
  input: { name: string; expiresAt?: Date | null };
}): Promise<CreatedToken> {
  const { db } = ctx;
  const userId = ctx.actor.id;
  const audit = auditMeta(ctx);
  if (ctx.actor.via === "token") {
    await writeAudit(db, {
      actorId: userId,
      action: "token.create",
      outcome: "denied",
      details: { reason: "token_authenticated" },
      ...audit,
    });
    throw new AppError("forbidden", "An API token cannot create tokens; create them in the console's Settings");
  }
  const name = TokenName.parse(input.name);
  const expiresAt = tokenExpiry(input.expiresAt);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const prefix = token.slice(0, 12);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId, name, prefix, hash: hashToken(token), expiresAt })
      .returning();
    if (!row) throw new Error("token insert returned no row");
    await writeAudit(tx, {
      actorId: userId,
      action: "token.create",
      target: row.id,
      outcome: "success",
      details: { name, prefix, expires_at: expiresAt?.toISOString() ?? null },
      ...audit,
    });
    return { id: row.id, name, prefix, expiresAt, token };
  });
}

/** Revokes every live token of the user (with their sessions); returns how many. */
export async function revokeUserTokens({
  ctx,
  input,
}: {
  ctx: { db: DbOrTx };
  input: { userId: string };
}): Promise<number> {
  const { userId } = input;
  const rows = await ctx.db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/** The acting user's tokens, newest first (never the secrets). */
export async function listApiTokens({ ctx }: { ctx: Pick<AuthCtx, "db"> & { actor: Pick<Principal, "id"> } }) {
  return ctx.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      isExpired: sql<boolean>`coalesce(${apiTokens.expiresAt} <= now(), false)`,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, ctx.actor.id))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the acting user's own tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken({
  ctx,
  input,
}: {
  ctx: AuthCtx & { actor: Pick<Principal, "id"> };
  input: { tokenId: string };
}): Promise<boolean> {
  const { db } = ctx;
  const userId = ctx.actor.id;
  const { tokenId } = input;
  const audit = auditMeta(ctx);
  if (!z.uuid().safeParse(tokenId).success) return false;
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    const ok = updated.length === 1;
    await writeAudit(tx, {
      actorId: userId,
      action: "token.revoke",
      target: tokenId,
      outcome: ok ? "success" : "failure",
      ...audit,
    });
    return ok;
  });
}

/** The user of a live token, by its id (a stream's re-check; the secret is not kept). */
export async function tokenUser({
  ctx,
  input,
}: {
  ctx: PolicyCtx;
  input: { tokenId: string };
}): Promise<UserRow | undefined> {
  const { policy } = ctx;
  const { tokenId } = input;
  const [row] = await ctx.db
    .select({ user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.id, tokenId),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    )
    .limit(1);
  return row && isDevIdentityAllowed(row.user, policy) ? row.user : undefined;
}

/**
 * The token's user when the token is well-formed, known, not revoked, not expired, and not a
 * development user's while the development sign-in is off; records last use.
 */
export async function verifyApiToken({
  ctx,
  input,
}: {
  ctx: PolicyCtx;
  input: { token: string };
}): Promise<{ user: UserRow; tokenId: string } | undefined> {
  const { db, policy } = ctx;
  const { token } = input;
  if (!TOKEN_RE.test(token)) return undefined;
  const [row] = await db
    .select({ user: users, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.hash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    )
    .limit(1);
  if (!row || !isDevIdentityAllowed(row.user, policy)) return undefined;
  // Once a minute is precise enough for "last used" and keeps hot API paths from writing every call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return { user: row.user, tokenId: row.tokenId };
}
