/**
 * Re-checking a caller's credential after its request: for an event stream that outlives the
 * request (revocation, expiry, sign-out, deleted user, changed role). Apart from actor.ts so a
 * verb can use it without loading next-auth.
 */
import type { DbOrTx } from "@/db";
import { isDevSignInEnabled } from "@/lib/env";
import type { Actor } from "./actor";
import { checkSession, type SessionPolicy } from "./sessions";
import { tokenUser } from "./tokens";
import type { UserRow } from "./users";

/** The credential rules as of now: a development identity counts only while the dev sign-in is on. */
export const credentialPolicy = (): SessionPolicy => ({ devSignIn: isDevSignInEnabled() });

/** The actor's user as of now, if the credential behind the request still holds. */
export async function reauthenticate({
  ctx,
}: {
  ctx: { db: DbOrTx; actor: Pick<Actor, "id" | "via" | "credentialId"> };
  input?: undefined;
}): Promise<UserRow | undefined> {
  const { actor } = ctx;
  if (!actor.credentialId) return undefined;
  const c = { db: ctx.db, policy: credentialPolicy() };
  const user =
    actor.via === "token"
      ? await tokenUser({ ctx: c, input: { tokenId: actor.credentialId } })
      : (await checkSession({ ctx: c, input: { sessionId: actor.credentialId } }))?.user;
  return user?.id === actor.id ? user : undefined;
}
