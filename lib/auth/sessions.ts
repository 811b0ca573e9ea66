/**
 * Server-side sessions behind the JWT cookie. The cookie alone cannot be recalled, so it carries
 * a session id and every request checks that row: sign-out, an admin's revocation, a deleted
 * user, or a development session once the development sign-in is off all end it at once.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { userSessions, users } from "@/db/schema";
import type { UserRow } from "./users";

export const DEV_PROVIDER_ID = "dev";
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

export interface SessionPolicy {
  /** Whether the development sign-in is on right now (simulator mode and DEV_SIGN_IN). */
  devSignIn: boolean;
}

export async function startSession(db: DbOrTx, userId: string, provider: string): Promise<string> {
  const expiresAt = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  const [row] = await db.insert(userSessions).values({ userId, provider, expiresAt }).returning({ id: userSessions.id });
  if (!row) throw new Error("session insert returned no row");
  return row.id;
}

/** A development identity counts only while the development sign-in exists. */
export function isDevIdentityAllowed(user: Pick<UserRow, "isDevUser">, policy: SessionPolicy): boolean {
  return !user.isDevUser || policy.devSignIn;
}

/** The session's user when the session is live; undefined otherwise (the cookie is then worthless). */
export async function checkSession(db: DbOrTx, sessionId: unknown, policy: SessionPolicy): Promise<{ user: UserRow; provider: string } | undefined> {
  if (typeof sessionId !== "string" || !/^[0-9a-f-]{36}$/i.test(sessionId)) return undefined;
  const [row] = await db
    .select({ user: users, provider: userSessions.provider, expiresAt: userSessions.expiresAt })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)))
    .limit(1);
  if (!row || row.expiresAt.getTime() <= Date.now()) return undefined;
  if (row.provider === DEV_PROVIDER_ID && !policy.devSignIn) return undefined;
  if (!isDevIdentityAllowed(row.user, policy)) return undefined;
  return { user: row.user, provider: row.provider };
}

export async function endSession(db: DbOrTx, sessionId: unknown, reason: string): Promise<void> {
  if (typeof sessionId !== "string" || !/^[0-9a-f-]{36}$/i.test(sessionId)) return;
  await db
    .update(userSessions)
    .set({ endedAt: new Date(), endedReason: reason })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)));
}

/** Ends every live session of the user; returns how many. */
export async function endUserSessions(db: DbOrTx, userId: string, reason: string): Promise<number> {
  const rows = await db
    .update(userSessions)
    .set({ endedAt: new Date(), endedReason: reason })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  return rows.length;
}
