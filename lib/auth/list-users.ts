import { asc } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isAdmin, type Actor } from "./actor";
import { effectiveRole } from "./users";

/** Admin only: every user with their effective role. */
export async function listUsers({ ctx }: { ctx: { actor: Actor; db: DbOrTx } }) {
  if (!isAdmin(ctx.actor)) throw new AppError("forbidden", "Admins only");
  const rows = await ctx.db.select().from(users).orderBy(asc(users.email));
  return rows.map((u) => ({ ...u, role: effectiveRole(u) }));
}
