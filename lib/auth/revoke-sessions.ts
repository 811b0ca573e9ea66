import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import type { ActorCtx } from "./context";
import { endUserSessions } from "./sessions";
import { revokeUserTokens } from "./tokens";

/**
 * Admin only: every session and every API token of the user stops working on its next request
 * (open event streams close at their next heartbeat).
 */
export async function revokeUserSessions({
  ctx,
  input,
}: {
  ctx: ActorCtx;
  input: { userId: string };
}): Promise<boolean> {
  const { db, actor } = ctx;
  const { userId } = input;
  const meta = ctx.meta ?? {};
  if (actor.role !== "admin") {
    await writeAudit(db, {
      actorId: actor.id,
      action: "user.revoke_sessions",
      target: userId,
      outcome: "denied",
      ...meta,
    });
    throw new AppError("forbidden", "Only admins can revoke sessions");
  }
  if (!z.uuid().safeParse(userId).success) return false;
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ sessionsRevokedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    const sessions = updated.length
      ? await endUserSessions({ ctx: { db: tx }, input: { userId, reason: "revoked" } })
      : 0;
    const tokens = updated.length ? await revokeUserTokens({ ctx: { db: tx }, input: { userId } }) : 0;
    await writeAudit(tx, {
      actorId: actor.id,
      action: "user.revoke_sessions",
      target: userId,
      outcome: updated.length ? "success" : "failure",
      details: { sessions, tokens },
      ...meta,
    });
    return updated.length === 1;
  });
}
