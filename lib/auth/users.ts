import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { accounts, users } from "@/db/schema";

export type Role = "user" | "admin";
export type UserRow = typeof users.$inferSelect;

/** Seeded for the development sign-in (simulator mode only). */
export const DEV_USERS = [
  { email: "alice@example.com", name: "Alice", role: "user" },
  { email: "bob@example.com", name: "Bob", role: "user" },
  { email: "admin@example.com", name: "Admin", role: "admin" },
] as const satisfies readonly { email: string; name: string; role: Role }[];

export async function ensureDevUsers(db: DbOrTx): Promise<void> {
  await db.insert(users).values(DEV_USERS.map((u) => ({ ...u }))).onConflictDoNothing({ target: users.email });
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** First sign-in through Entra ID creates the user; later ones find it by the linked account or e-mail. */
export async function upsertExternalUser(
  db: DbOrTx,
  input: { email: string; name: string; provider: string; providerAccountId: string },
): Promise<UserRow> {
  const email = input.email.trim().toLowerCase();
  const [linked] = await db
    .select({ user: users })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(eq(accounts.providerAccountId, input.providerAccountId))
    .limit(1);
  if (linked) return linked.user;
  const user =
    (await findUserByEmail(db, email)) ??
    (await db.insert(users).values({ email, name: input.name || email }).returning())[0];
  if (!user) throw new Error("user insert returned no row");
  await db
    .insert(accounts)
    .values({ provider: input.provider, providerAccountId: input.providerAccountId, userId: user.id })
    .onConflictDoNothing();
  return user;
}

/** Role in the database, or admin by ADMIN_EMAILS. */
export function effectiveRole(user: Pick<UserRow, "email" | "role">, adminEmails: readonly string[]): Role {
  return user.role === "admin" || adminEmails.includes(user.email.toLowerCase()) ? "admin" : "user";
}
