import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

/** What every server action returns (STYLE: forms get fieldErrors, never a thrown error). */
export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; code: string; message: string; fieldErrors?: Record<string, string[]> };

export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof z.ZodError) {
      const flat = z.flattenError(err);
      return {
        ok: false,
        code: "bad_request",
        message: err.issues[0]?.message ?? "Invalid input",
        fieldErrors: flat.fieldErrors as Record<string, string[]>,
      };
    }
    if (isAppError(err)) return { ok: false, code: err.code, message: err.message };
    log.error("action failed", { err: String((err as Error)?.stack ?? err) });
    return { ok: false, code: "internal", message: "Something went wrong on the server." };
  }
}
