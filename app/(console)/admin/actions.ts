"use server";

import { revalidatePath } from "next/cache";
import { requireAdmin } from "@/lib/auth/require-admin";
import { requireUser } from "@/lib/auth/actor";
import { revokeUserSessions } from "@/lib/auth/revoke-sessions";
import { setUserRole } from "@/lib/auth/user-admin";
import { AppError, isAppError } from "@/lib/errors";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { actorCtx } from "@/lib/http/auth-ctx";
import { teardownSpoke } from "@/lib/spokes/deployment-actions";
import { planTeardown } from "@/lib/spokes/teardown-plan";
import { actionCtx, runSpokeAction } from "../spokes/action-helpers";

export async function revokeSessionsAction(formData: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const ctx = await actorCtx(await requireUser());
    const done = await revokeUserSessions({ ctx, input: { userId: String(formData.get("userId") ?? "") } });
    if (!done) throw new AppError("not_found", "User not found");
    revalidatePath("/admin");
    return null;
  });
}

/** Grant or remove the admin role (audited; the last admin stays). */
export async function setRoleAction(formData: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const ctx = await actorCtx(await requireUser());
    await setUserRole({ ctx, input: { userId: String(formData.get("userId") ?? ""), role: formData.get("role") } });
    revalidatePath("/admin");
    return null;
  });
}

/** The what-if of one spoke's teardown, for the confirmation dialog (admin only here). */
export async function planTeardownAction(id: string) {
  return runSpokeAction(async () => {
    const ctx = await actionCtx();
    requireAdmin(ctx.actor);
    return planTeardown({ ctx, input: { ref: String(id) } });
  });
}

/**
 * Tear down one or several spokes; each is its own verb call, so one refusal does not stop the rest.
 * With one spoke, `confirm` is its typed client name and the verb checks it.
 */
export async function teardownSpokesAction(
  ids: string[],
  confirm?: string,
): Promise<ActionResult<{ id: string; ok: boolean; message: string }[]>> {
  return runAction(async () => {
    const ctx = await actionCtx();
    requireAdmin(ctx.actor);
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 50)
      throw new AppError("bad_request", "Select between 1 and 50 spokes");
    const results = [];
    for (const id of ids) {
      try {
        const r = await teardownSpoke({
          ctx,
          input: { ref: String(id), confirm: ids.length === 1 && typeof confirm === "string" ? confirm : undefined },
        });
        results.push({ id, ok: true, message: `Teardown of spoke ${r.spoke_id} started` });
      } catch (err) {
        if (!isAppError(err)) throw err;
        results.push({ id, ok: false, message: err.message });
      }
    }
    return results;
  });
}
