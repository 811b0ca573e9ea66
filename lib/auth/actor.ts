/** Who is calling: a session (cookie) or a personal API token (Bearer). */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb, type DbOrTx } from "@/db";
import { isDevSignInEnabled } from "@/lib/env";
import { auth } from "./config";
import { checkSession } from "./sessions";
import { tokenUser, verifyApiToken } from "./tokens";
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

const policy = () => ({ devSignIn: isDevSignInEnabled() });

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

/**
 * The actor's user as of now, if the credential behind the request still holds: for a stream
 * that outlives its request (revocation, expiry, sign-out, deleted user, changed role).
 */
export async function reauthenticate({ ctx }: { ctx: { db: DbOrTx; actor: Pick<Actor, "id" | "via" | "credentialId"> }; input?: undefined }): Promise<UserRow | undefined> {
  const { actor } = ctx;
  if (!actor.credentialId) return undefined;
  const c = { db: ctx.db, policy: policy() };
  const user = actor.via === "token" ? await tokenUser({ ctx: c, input: { tokenId: actor.credentialId } }) : (await checkSession({ ctx: c, input: { sessionId: actor.credentialId } }))?.user;
  return user?.id === actor.id ? user : undefined;
}

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

export function isAdmin(actor: Pick<Actor, "role">): boolean {
  return actor.role === "admin";
}
