import { headers } from "next/headers";
import { getActor } from "@/lib/auth/actor";
import { AppError, isAppError } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/action-result";
import { runAction } from "@/lib/http/action-result";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import type { SpokeCtx } from "@/lib/spokes/context";

/** The verb context for a server action; an expired session is a result, not a redirect. */
export async function actionCtx(): Promise<SpokeCtx> {
  const actor = await getActor();
  if (!actor) throw new AppError("unauthorized", "Your session has ended; sign in again");
  return spokeCtx(actor, { headers: await headers() });
}

/** runAction, plus the verbs' per-field details ({path, message}[]) as fieldErrors for the form. */
export async function runSpokeAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (isAppError(err) && Array.isArray(err.details)) {
      const fieldErrors: Record<string, string[]> = {};
      for (const d of err.details as { path?: string; message?: string }[]) {
        // The path can echo a client's key (`constructor`): own keys only.
        if (d.path && d.message)
          (Object.hasOwn(fieldErrors, d.path) ? fieldErrors[d.path]! : (fieldErrors[d.path] = [])).push(d.message);
      }
      return { ok: false, code: err.code, message: err.message, fieldErrors };
    }
    return runAction(() => Promise.reject(err));
  }
}
