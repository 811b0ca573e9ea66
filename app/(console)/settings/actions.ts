"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/actor";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { actorCtx } from "@/lib/http/auth-ctx";

export async function createTokenAction(
  _prev: unknown,
  formData: FormData,
): Promise<ActionResult<{ token: string; name: string; expiresAt: string | null }>> {
  return runAction(async () => {
    const ctx = await actorCtx(await requireUser());
    // "0" is the explicit "never"; a missing or odd value takes the default lifetime.
    const raw = String(formData.get("days") ?? "");
    const days = /^\d{1,4}$/.test(raw) ? Number(raw) : undefined;
    const expiresAt = days === undefined ? undefined : days === 0 ? null : new Date(Date.now() + days * 86_400_000);
    const created = await createApiToken({ ctx, input: { name: String(formData.get("name") ?? ""), expiresAt } });
    revalidatePath("/settings");
    return { token: created.token, name: created.name, expiresAt: created.expiresAt?.toISOString() ?? null };
  });
}

export async function revokeTokenAction(formData: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const ctx = await actorCtx(await requireUser());
    const revoked = await revokeApiToken({ ctx, input: { tokenId: String(formData.get("tokenId") ?? "") } });
    if (!revoked) throw new AppError("not_found", "Token not found");
    revalidatePath("/settings");
    return null;
  });
}
