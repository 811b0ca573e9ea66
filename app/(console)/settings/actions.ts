"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/actor";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { requestMeta } from "@/lib/request-meta";

export async function createTokenAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ token: string; name: string }>> {
  return runAction(async () => {
    const actor = await requireUser();
    const created = await createApiToken(await getDb(), actor.id, String(formData.get("name") ?? ""), await requestMeta());
    revalidatePath("/settings");
    return { token: created.token, name: created.name };
  });
}

export async function revokeTokenAction(formData: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireUser();
    const revoked = await revokeApiToken(await getDb(), actor.id, String(formData.get("tokenId") ?? ""), await requestMeta());
    if (!revoked) throw new AppError("not_found", "Token not found");
    revalidatePath("/settings");
    return null;
  });
}
