/**
 * The next-auth route (`app/api/auth/[...nextauth]/route.ts` only re-exports these): Auth.js's
 * handlers, with the per-account sign-in brake in front of a scripted POST to the development
 * credentials callback — the same counter as the sign-in form (lib/auth/sign-in-limit.ts).
 * It lives in lib/http, not lib/auth, because it answers with the API envelope (lib/http →
 * lib/auth is the direction imports take; ARCHITECTURE.md §2).
 */
import type { NextRequest } from "next/server";
import { DEV_PROVIDER_ID, handlers } from "@/lib/auth/config";
import { signInRetryAfter } from "@/lib/auth/sign-in-limit";
import { AppError } from "@/lib/errors";
import { authCtx } from "./auth-ctx";
import { errorResponse } from "./envelope";

const DEV_CALLBACK = new RegExp(`/api/auth/(?:callback|signin)/${DEV_PROVIDER_ID}/?$`);

export function authRouteHandlers() {
  /** A scripted POST to the dev credentials callback meets the same per-account limit as the form. */
  async function POST(req: NextRequest) {
    if (DEV_CALLBACK.test(req.nextUrl.pathname)) {
      const form = await req
        .clone()
        .formData()
        .catch(() => null);
      const retryAfter = await signInRetryAfter({ ctx: await authCtx(req), input: { email: form?.get("email") } });
      if (retryAfter !== undefined) {
        return errorResponse(
          new AppError("rate_limited", `Too many sign-in attempts; try again in ${retryAfter} s`, {
            retryAfterSeconds: retryAfter,
          }),
        );
      }
    }
    return handlers.POST(req);
  }
  return { GET: handlers.GET, POST };
}
