/** Who is calling: a session (cookie) or a personal API token (Bearer). */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { auth } from "./config";
import { verifyApiToken } from "./tokens";
import { effectiveRole, findUserById, type Role, type UserRow } from "./users";

export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
}

function toActor(user: UserRow, via: Actor["via"]): Actor {
  return { id: user.id, email: user.email, name: user.name, role: effectiveRole(user, env().ADMIN_EMAILS), via };
}

/**
 * The caller of this request, or null. A Bearer header is authoritative: a bad token is null
 * even if a cookie is present, so a script never silently acts as the browser's user.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const h = await headers();
  const authz = h.get("authorization");
  if (authz) {
    const match = /^Bearer\s+(\S+)$/i.exec(authz);
    if (!match?.[1]) return null;
    const found = await verifyApiToken(await getDb(), match[1]);
    return found ? toActor(found.user, "token") : null;
  }
  const session = await auth();
  const uid = session?.user?.id;
  if (!uid) return null;
  const user = await findUserById(await getDb(), uid);
  return user ? toActor(user, "session") : null;
});

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

export function isAdmin(actor: Pick<Actor, "role">): boolean {
  return actor.role === "admin";
}
