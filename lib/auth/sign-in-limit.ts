/**
 * The per-account sign-in brake (DESIGN §11). The dev sign-in form (a server action) and a
 * hand-made POST to the credentials callback share one counter, keyed by the email asked for.
 */
import { env } from "@/lib/env";
import { LIMITS, takeRateLimit } from "@/lib/http/rate-limit";
import { log } from "@/lib/log";

/** Seconds to wait when this account is over its limit; otherwise undefined and the attempt is counted. */
export function signInRetryAfter(email: unknown): number | undefined {
  const account = typeof email === "string" ? email.trim().toLowerCase().slice(0, 320) : "";
  const retryAfter = takeRateLimit(`signin:${account}`, env().SIGN_IN_RATE_LIMIT, LIMITS.signIn.windowMs);
  if (retryAfter !== undefined) log.warn("sign-in rate limited", { account, retryAfter });
  return retryAfter;
}
