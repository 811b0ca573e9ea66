"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { DEV_PROVIDER_ID, signIn } from "@/lib/auth/config";
import { signInRetryAfter } from "@/lib/auth/sign-in-limit";
import { authCtx } from "@/lib/http/auth-ctx";

function safeRedirect(to: FormDataEntryValue | null): string {
  const s = typeof to === "string" ? to : "/";
  // Only same-site paths: an open redirect after sign-in is a phishing aid.
  return s.startsWith("/") && !s.startsWith("//") ? s : "/";
}

export async function devSignIn(formData: FormData) {
  if ((await signInRetryAfter({ ctx: await authCtx(), input: { email: formData.get("email") } })) !== undefined)
    redirect("/sign-in?error=RateLimited");
  try {
    await signIn(DEV_PROVIDER_ID, {
      email: formData.get("email"),
      redirectTo: safeRedirect(formData.get("callbackUrl")),
    });
  } catch (err) {
    // signIn signals success by throwing a redirect; only AuthError means it failed.
    if (err instanceof AuthError) redirect(`/sign-in?error=${encodeURIComponent(err.type)}`);
    throw err;
  }
}

export async function entraSignIn(formData: FormData) {
  await signIn("microsoft-entra-id", { redirectTo: safeRedirect(formData.get("callbackUrl")) });
}
