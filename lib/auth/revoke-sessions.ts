import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { Actor } from "./actor";
import { isAdmin } from "./actor";

/** Admin only: every session of the user issued before now stops working on its next request. */
export async function revokeUserSessions(db: Db, actor: Actor, userId: string, meta: RequestMeta): Promise<boolean> {
  if (!isAdmin(actor)) {
    await writeAudit(db, { actorId: actor.id, action: "user.revoke_sessions", target: userId, outcome: "denied", ...meta });
    throw new AppError("forbidden", "Only admins can revoke sessions");
  }
  if (!z.uuid().safeParse(userId).success) return false;
  return db.transaction(async (tx) => {
    const updated = await tx.update(users).set({ sessionsRevokedAt: new Date() }).where(eq(users.id, userId)).returning({ id: users.id });
    await writeAudit(tx, { actorId: actor.id, action: "user.revoke_sessions", target: userId, outcome: updated.length ? "success" : "failure", ...meta });
    return updated.length === 1;
  });
}
