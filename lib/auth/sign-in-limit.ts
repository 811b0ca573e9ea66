/**
 * The per-account sign-in brake (ARCHITECTURE.md §11). The dev sign-in form (a server action) and a
 * hand-made POST to the credentials callback share one counter, keyed by the email asked for,
 * kept in Postgres so every instance counts the same attempts.
 */
import { limits, takeRateLimit } from "@/lib/rate-limit";
import { log } from "@/lib/log";
import type { AuthCtx } from "./context";

/** Seconds to wait when this account is over its limit; otherwise undefined and the attempt is counted. */
export async function signInRetryAfter({
  ctx,
  input,
}: {
  ctx: Pick<AuthCtx, "db">;
  input: { email: unknown };
}): Promise<number | undefined> {
  const { email } = input;
  const account = typeof email === "string" ? email.trim().toLowerCase().slice(0, 320) : "";
  const retryAfter = await takeRateLimit(ctx.db, `signin:${account}`, limits().signIn);
  if (retryAfter !== undefined) log.warn("sign-in rate limited", { account, retryAfter });
  return retryAfter;
}
