import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { users } from "@/db/schema";

export type Role = "user" | "admin";
export type UserRow = typeof users.$inferSelect;

/** Seeded for the development sign-in (simulator mode only). */
export const DEV_USERS = [
  { email: "alice@example.com", name: "Alice", role: "user" },
  { email: "bob@example.com", name: "Bob", role: "user" },
  { email: "admin@example.com", name: "Admin", role: "admin" },
] as const satisfies readonly { email: string; name: string; role: Role }[];

type DbCtx = { db: DbOrTx };

export async function ensureDevUsers({ ctx }: { ctx: DbCtx; input?: undefined }): Promise<void> {
  await ctx.db
    .insert(users)
    .values(DEV_USERS.map((u) => ({ ...u, isDevUser: true })))
    .onConflictDoUpdate({ target: users.email, set: { isDevUser: true } });
}

/** A seeded development user by e-mail; any other user (a service account, an Entra user) is not one. */
export async function findDevUser({
  ctx,
  input,
}: {
  ctx: DbCtx;
  input: { email: string };
}): Promise<UserRow | undefined> {
  const wanted = input.email.trim().toLowerCase();
  if (!DEV_USERS.some((u) => u.email === wanted)) return undefined;
  const row = await findUserByEmail({ ctx, input: { email: wanted } });
  return row?.isDevUser ? row : undefined;
}

export async function findUserByEmail({
  ctx,
  input,
}: {
  ctx: DbCtx;
  input: { email: string };
}): Promise<UserRow | undefined> {
  const [row] = await ctx.db.select().from(users).where(eq(users.email, input.email.trim().toLowerCase())).limit(1);
  return row;
}

export async function findUserById({
  ctx,
  input,
}: {
  ctx: DbCtx;
  input: { id: string };
}): Promise<UserRow | undefined> {
  const [row] = await ctx.db.select().from(users).where(eq(users.id, input.id)).limit(1);
  return row;
}

/** The role stored in the database: granted and removed by an admin, never derived from a claim. */
export function effectiveRole(user: Pick<UserRow, "role">): Role {
  return user.role === "admin" ? "admin" : "user";
}
