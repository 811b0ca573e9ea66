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

export async function ensureDevUsers(db: DbOrTx): Promise<void> {
  await db
    .insert(users)
    .values(DEV_USERS.map((u) => ({ ...u, isDevUser: true })))
    .onConflictDoUpdate({ target: users.email, set: { isDevUser: true } });
}

/** A seeded development user by e-mail; any other user (a service account, an Entra user) is not one. */
export async function findDevUser(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const wanted = email.trim().toLowerCase();
  if (!DEV_USERS.some((u) => u.email === wanted)) return undefined;
  const row = await findUserByEmail(db, wanted);
  return row?.isDevUser ? row : undefined;
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** The role stored in the database: granted and removed by an admin, never derived from a claim. */
export function effectiveRole(user: Pick<UserRow, "role">): Role {
  return user.role === "admin" ? "admin" : "user";
}
