"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/actor";
import { revokeUserSessions } from "@/lib/auth/revoke-sessions";
import { AppError } from "@/lib/errors";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { requestMeta } from "@/lib/request-meta";

export async function revokeSessionsAction(formData: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireUser();
    const done = await revokeUserSessions(await getDb(), actor, String(formData.get("userId") ?? ""), await requestMeta());
    if (!done) throw new AppError("not_found", "User not found");
    revalidatePath("/admin");
    return null;
  });
}
