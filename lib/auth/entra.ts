/**
 * Microsoft Entra ID identities. An identity is its tenant id + object id (`tid` + `oid`), which
 * Entra never reassigns; the e-mail claim is editable by tenant admins and unverified for some
 * account types, so it never links an identity to an existing user.
 */
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { accounts, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import type { UserRow } from "./users";

export const ENTRA_PROVIDER_ID = "microsoft-entra-id";

export interface EntraIdentity {
  tenantId: string;
  objectId: string;
  email: string;
  name: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The identity in an ID token's claims, or an error naming what is missing. */
export function entraIdentityFromClaims(
  claims: Record<string, unknown> | undefined,
  pinnedTenantId: string,
): EntraIdentity {
  const tid = typeof claims?.tid === "string" ? claims.tid.toLowerCase() : "";
  const oid = typeof claims?.oid === "string" ? claims.oid.toLowerCase() : "";
  if (!GUID.test(tid) || !GUID.test(oid))
    throw new AppError("unauthorized", "The ID token carries no tenant or object id");
  // The issuer check already pins the tenant; this keeps the rule true if the provider config drifts.
  if (tid !== pinnedTenantId.toLowerCase()) throw new AppError("unauthorized", "This tenant may not sign in here");
  const email = String(claims?.email ?? claims?.preferred_username ?? "")
    .trim()
    .toLowerCase();
  if (!email) throw new AppError("unauthorized", "The ID token carries no e-mail or user name");
  return { tenantId: tid, objectId: oid, email, name: String(claims?.name ?? email) };
}

const accountKey = (id: EntraIdentity) => `${id.tenantId}/${id.objectId}`;

/**
 * The user linked to this identity; on its first sign-in a new user, made admin only when the
 * e-mail is in ADMIN_EMAILS (applied this once, never on later sign-ins).
 */
export async function signInEntraIdentity({
  ctx,
  input,
}: {
  ctx: { db: DbOrTx };
  input: { identity: EntraIdentity; adminEmails: readonly string[] };
}): Promise<UserRow> {
  const { identity, adminEmails } = input;
  return ctx.db.transaction(async (tx) => {
    const [linked] = await tx
      .select({ user: users })
      .from(accounts)
      .innerJoin(users, eq(users.id, accounts.userId))
      .where(and(eq(accounts.provider, ENTRA_PROVIDER_ID), eq(accounts.providerAccountId, accountKey(identity))))
      .limit(1);
    if (linked) return linked.user;
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, identity.email)).limit(1);
    if (taken) {
      await writeAudit(tx, {
        actorId: null,
        action: "auth.sign_in",
        outcome: "denied",
        details: { provider: ENTRA_PROVIDER_ID, email: identity.email, reason: "email_in_use" },
      });
      throw new AppError(
        "conflict",
        `Another account already uses ${identity.email}; an admin must remove it before this identity can sign in`,
      );
    }
    const role = adminEmails.includes(identity.email) ? "admin" : "user";
    const [user] = await tx
      .insert(users)
      .values({ email: identity.email, name: identity.name || identity.email, role })
      .returning();
    if (!user) throw new Error("user insert returned no row");
    await tx
      .insert(accounts)
      .values({ provider: ENTRA_PROVIDER_ID, providerAccountId: accountKey(identity), userId: user.id });
    await writeAudit(tx, {
      actorId: user.id,
      action: "user.create",
      target: user.id,
      outcome: "success",
      details: { provider: ENTRA_PROVIDER_ID, tenant: identity.tenantId, role },
    });
    return user;
  });
}
