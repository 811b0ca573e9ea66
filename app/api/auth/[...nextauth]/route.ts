import type { NextRequest } from "next/server";
import { getDb } from "@/db";
import { DEV_PROVIDER_ID, handlers } from "@/lib/auth/config";
import { signInRetryAfter } from "@/lib/auth/sign-in-limit";
import { errorResponse } from "@/lib/http/envelope";
import { AppError } from "@/lib/errors";

export const { GET } = handlers;

const DEV_CALLBACK = new RegExp(`/api/auth/(?:callback|signin)/${DEV_PROVIDER_ID}/?$`);

/** A scripted POST to the dev credentials callback meets the same per-account limit as the form. */
export async function POST(req: NextRequest) {
  if (DEV_CALLBACK.test(req.nextUrl.pathname)) {
    const form = await req.clone().formData().catch(() => null);
    const retryAfter = await signInRetryAfter(await getDb(), form?.get("email"));
    if (retryAfter !== undefined) {
      return errorResponse(new AppError("rate_limited", `Too many sign-in attempts; try again in ${retryAfter} s`, { retryAfterSeconds: retryAfter }));
    }
  }
  return handlers.POST(req);
}
