/** Whether a caller may still watch a spoke's event stream: re-checked at every heartbeat. */
import type { DbOrTx } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import type { SpokeRow } from "./resolve";

export function streamAccessCheck(db: DbOrTx, actor: Actor, spoke: Pick<SpokeRow, "ownerId">): () => Promise<boolean> {
  return async () => {
    const user = await reauthenticate({ ctx: { db, actor } });
    // The same rule as resolveSpoke, with the role as it is now (an admin may have been demoted).
    return Boolean(user && (user.role === "admin" || spoke.ownerId === user.id));
  };
}
