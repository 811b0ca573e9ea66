/**
 * Server-side sessions behind the JWT cookie. The cookie alone cannot be recalled, so it carries
 * a session id and every request checks that row: sign-out, an admin's revocation, a deleted
 * user, or a development session once the development sign-in is off all end it at once.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { userSessions, users } from "@/db/schema";
import type { AuthCtx } from "./context";
import type { UserRow } from "./users";

export const DEV_PROVIDER_ID = "dev";
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

export interface SessionPolicy {
  /** Whether the development sign-in is on right now (simulator mode and DEV_SIGN_IN). */
  devSignIn: boolean;
}

/** The context of the credential checks: the database and whether the development sign-in is on. */
export interface PolicyCtx extends Pick<AuthCtx, "db"> {
  policy: SessionPolicy;
}

/** A new session row for a sign-in; its id goes into the JWT cookie. */
export async function startSession({
  ctx,
  input,
}: {
  ctx: Pick<AuthCtx, "db">;
  input: { userId: string; provider: string };
}): Promise<string> {
  const { db } = ctx;
  const { userId, provider } = input;
  const expiresAt = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  const [row] = await db
    .insert(userSessions)
    .values({ userId, provider, expiresAt })
    .returning({ id: userSessions.id });
  if (!row) throw new Error("session insert returned no row");
  return row.id;
}

/** A development identity counts only while the development sign-in exists. */
export function isDevIdentityAllowed(user: Pick<UserRow, "isDevUser">, policy: SessionPolicy): boolean {
  return !user.isDevUser || policy.devSignIn;
}

/** The session's user when the session is live; undefined otherwise (the cookie is then worthless). */
export async function checkSession({
  ctx,
  input,
}: {
  ctx: PolicyCtx;
  input: { sessionId: unknown };
}): Promise<{ user: UserRow; provider: string } | undefined> {
  const { db, policy } = ctx;
  const { sessionId } = input;
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

export async function endSession({
  ctx,
  input,
}: {
  ctx: Pick<AuthCtx, "db">;
  input: { sessionId: unknown; reason: string };
}): Promise<void> {
  const { db } = ctx;
  const { sessionId, reason } = input;
  if (typeof sessionId !== "string" || !/^[0-9a-f-]{36}$/i.test(sessionId)) return;
  await db
    .update(userSessions)
    .set({ endedAt: new Date(), endedReason: reason })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)));
}

/** Ends every live session of the user; returns how many. */
export async function endUserSessions({
  ctx,
  input,
}: {
  ctx: { db: DbOrTx };
  input: { userId: string; reason: string };
}): Promise<number> {
  const { db } = ctx;
  const { userId, reason } = input;
  const rows = await db
    .update(userSessions)
    .set({ endedAt: new Date(), endedReason: reason })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  return rows.length;
}
