/** Who is calling: a session (cookie) or a personal API token (Bearer). */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { auth } from "./config";
import { credentialPolicy } from "./reauthenticate";
import { checkSession } from "./sessions";
import { verifyApiToken } from "./tokens";
import { effectiveRole, type Role, type UserRow } from "./users";

export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
  /** The session row or token behind this request, so a long-lived stream can re-check it. */
  credentialId?: string;
}

function toActor(user: UserRow, via: Actor["via"], credentialId: string): Actor {
  return { id: user.id, email: user.email, name: user.name, role: effectiveRole(user), via, credentialId };
}

const policy = credentialPolicy;

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
    const found = await verifyApiToken({ ctx: { db: await getDb(), policy: policy() }, input: { token: match[1] } });
    return found ? toActor(found.user, "token", found.tokenId) : null;
  }
  const session = await auth();
  const sid = session?.sessionId;
  if (!sid) return null;
  const live = await checkSession({ ctx: { db: await getDb(), policy: policy() }, input: { sessionId: sid } });
  return live && live.user.id === session.user?.id ? toActor(live.user, "session", sid) : null;
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
