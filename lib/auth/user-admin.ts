/** User administration: roles (console, audited; or the local CLI) and service accounts (CLI). */
import { and, count, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import type { ActorCtx, AuthCtx } from "./context";
import { findUserByEmail, type Role } from "./users";

export const RoleInput = z.enum(["user", "admin"]);

/** Admin only: sets a user's role. The last admin cannot be demoted, so the console never locks itself out. */
export async function setUserRole({
  ctx,
  input,
}: {
  ctx: ActorCtx;
  input: { userId: string; role: unknown };
}): Promise<void> {
  const { db, actor } = ctx;
  const { userId } = input;
  const role = RoleInput.parse(input.role);
  const meta = ctx.meta ?? {};
  const action = role === "admin" ? "user.grant_admin" : "user.revoke_admin";
  if (actor.role !== "admin") {
    await writeAudit(db, { actorId: actor.id, action, target: userId, outcome: "denied", ...meta });
    throw new AppError("forbidden", "Only admins can change roles");
  }
  if (!z.uuid().safeParse(userId).success) throw new AppError("not_found", "User not found");
  await db.transaction(async (tx) => {
    await applyRole(tx, userId, role);
    await writeAudit(tx, { actorId: actor.id, action, target: userId, outcome: "success", ...meta });
  });
}

/** The CLI's path (`npm run admin`): the operator of the machine names an admin by e-mail. */
export async function setRoleByEmail({
  ctx,
  input,
}: {
  ctx: AuthCtx;
  input: { email: string; role: Role };
}): Promise<{ email: string; role: Role }> {
  const { db } = ctx;
  const { email, role } = input;
  const user = await findUserByEmail({ ctx: { db }, input: { email } });
  if (!user)
    throw new AppError(
      "not_found",
      `No user with e-mail ${email}. They sign in once first (or use --add-user for a service account).`,
    );
  await db.transaction(async (tx) => {
    await applyRole(tx, user.id, role);
    await writeAudit(tx, {
      actorId: null,
      action: role === "admin" ? "user.grant_admin" : "user.revoke_admin",
      target: user.id,
      outcome: "success",
      userAgent: "hsc-cli",
    });
  });
  return { email: user.email, role };
}

async function applyRole(tx: DbOrTx, userId: string, role: Role) {
  if (role === "user") {
    // Serialises concurrent demotions, so two admins cannot demote each other into zero admins.
    await tx.select({ id: users.id }).from(users).where(eq(users.role, "admin")).for("update");
    const [others] = await tx
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "admin"), ne(users.id, userId)));
    if (!others?.n)
      throw new AppError("conflict", "The last admin cannot be demoted; grant admin to someone else first");
  }
  const updated = await tx.update(users).set({ role }).where(eq(users.id, userId)).returning({ id: users.id });
  if (!updated.length) throw new AppError("not_found", "User not found");
}

/**
 * The CLI's path for a service account: a user for scripts (API tokens only). It has no linked
 * identity and is not a development user, so neither sign-in can ever reach it.
 */
export async function addServiceUser({
  ctx,
  input,
}: {
  ctx: AuthCtx;
  input: { email: string; name?: string };
}): Promise<{ id: string; email: string }> {
  const email = z.email().parse(input.email.trim().toLowerCase());
  const name = input.name;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email, name: name?.trim() || email })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!row) throw new AppError("conflict", `A user with e-mail ${email} already exists`);
    await writeAudit(tx, {
      actorId: null,
      action: "user.create",
      target: row.id,
      outcome: "success",
      details: { kind: "service" },
      userAgent: "hsc-cli",
    });
    return { id: row.id, email: row.email };
  });
}
