/** Personal API tokens: `hsc_` + 32 random bytes, shown once, stored as SHA-256. */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { apiTokens, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
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
  /** The secret; returned once, never stored. */
  token: string;
}

export async function createApiToken(
  db: DbOrTx,
  userId: string,
  rawName: string,
  audit: { ip?: string | null; userAgent?: string | null } = {},
): Promise<CreatedToken> {
  const name = TokenName.parse(rawName);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const prefix = token.slice(0, 12);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens).values({ userId, name, prefix, hash: hashToken(token) }).returning();
    if (!row) throw new Error("token insert returned no row");
    await writeAudit(tx, { actorId: userId, action: "token.create", target: row.id, outcome: "success", details: { name, prefix }, ...audit });
    return { id: row.id, name, prefix, token };
  });
}

export async function listApiTokens(db: DbOrTx, userId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the user's own tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(
  db: DbOrTx,
  userId: string,
  tokenId: string,
  audit: { ip?: string | null; userAgent?: string | null } = {},
): Promise<boolean> {
  if (!z.uuid().safeParse(tokenId).success) return false;
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    const ok = updated.length === 1;
    await writeAudit(tx, { actorId: userId, action: "token.revoke", target: tokenId, outcome: ok ? "success" : "failure", ...audit });
    return ok;
  });
}

/** The token's user when the token is well-formed, known and not revoked; records last use. */
export async function verifyApiToken(db: DbOrTx, token: string): Promise<{ user: UserRow; tokenId: string } | undefined> {
  if (!TOKEN_RE.test(token)) return undefined;
  const [row] = await db
    .select({ user: users, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.hash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return undefined;
  // Once a minute is precise enough for "last used" and keeps hot API paths from writing every call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return { user: row.user, tokenId: row.tokenId };
}
