"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { getActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { webhookCtx } from "@/lib/http/webhook-ctx";
import { createWebhook, deleteWebhook, sendTestWebhook } from "@/lib/webhooks/admin";

async function ctx() {
  const actor = await getActor();
  if (!actor) throw new AppError("unauthorized", "Your session has ended; sign in again");
  return webhookCtx(actor, { headers: await headers() });
}

/** Returns the secret this once; the page never shows it again. */
export async function createWebhookAction(
  fd: FormData,
): Promise<ActionResult<{ id: string; url: string; secret: string }>> {
  return runAction(async () => {
    const events = fd.getAll("events").map(String);
    const description = String(fd.get("description") ?? "").trim();
    const created = await createWebhook({
      ctx: await ctx(),
      input: { url: String(fd.get("url") ?? ""), events, ...(description ? { description } : {}) },
    });
    revalidatePath("/admin");
    return { id: created.id, url: created.url, secret: created.secret };
  });
}

export async function deleteWebhookAction(fd: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    await deleteWebhook({ ctx: await ctx(), input: { ref: String(fd.get("webhookId") ?? "") } });
    revalidatePath("/admin");
    return null;
  });
}

export async function sendTestWebhookAction(fd: FormData): Promise<ActionResult<{ delivery_id: string }>> {
  return runAction(async () => {
    const result = await sendTestWebhook({ ctx: await ctx(), input: { ref: String(fd.get("webhookId") ?? "") } });
    revalidatePath("/admin");
    return result;
  });
}
