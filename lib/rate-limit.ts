/**
 * Rate limits shared by every app instance: fixed one-window counters in Postgres
 * (rate_limit_hits), one upsert per hit, so N instances allow what one does. A fixed window lets
 * a client that times its requests send up to twice the limit across a window boundary; that is
 * the price of one cheap write per hit, and the limit stays a brake, not a quota.
 */
import { lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { rows } from "@/db/rows";
import { rateLimitHits } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

export interface RateLimitOptions {
  /**
   * Hits carrying a token already counted in the window are free: retries of one request
   * (the same Idempotency-Key) are one attempt, however many copies a client sends.
   */
  token?: string;
}

export interface Limit {
  limit: number;
  windowMs: number;
}

const PURGE_EVERY_MS = 60_000;
const purge = globalThis as typeof globalThis & { __hscRateLimitPurgedAt?: number };

/** Expired windows go now and then, from whichever instance gets there first; a lost purge is harmless. */
async function purgeExpired(db: DbOrTx): Promise<void> {
  const now = Date.now();
  if (now - (purge.__hscRateLimitPurgedAt ?? 0) < PURGE_EVERY_MS) return;
  purge.__hscRateLimitPurgedAt = now;
  await db
    .delete(rateLimitHits)
    .where(lt(rateLimitHits.expiresAt, new Date(now)))
    .catch((err: unknown) => log.warn("rate-limit purge failed", { error: String(err) }));
}

/** The seconds to wait when `key` is over its limit, else undefined (and the hit is counted). */
export async function takeRateLimit(
  db: DbOrTx,
  key: string,
  { limit, windowMs }: Limit,
  opts: RateLimitOptions = {},
): Promise<number | undefined> {
  const now = Date.now();
  const start = Math.floor(now / windowMs) * windowMs;
  const token = opts.token ?? null;
  const tokenJson = JSON.stringify(token === null ? [] : [token]);
  // A copy of a counted token costs nothing; a refused hit's token is not recorded, so its retry
  // is refused too until the next window.
  const result = await db.execute(sql`
    insert into rate_limit_hits as r (key, window_start, hits, tokens, expires_at)
    values (${key}, ${new Date(start).toISOString()}::timestamptz, 1, ${tokenJson}::jsonb, ${new Date(start + windowMs).toISOString()}::timestamptz)
    on conflict (key, window_start) do update set
      hits = r.hits + case when ${token}::text is not null and r.tokens @> ${tokenJson}::jsonb then 0 else 1 end,
      tokens = case when ${token}::text is not null and not (r.tokens @> ${tokenJson}::jsonb) and r.hits < ${limit}
                    then r.tokens || ${tokenJson}::jsonb else r.tokens end
    returning r.hits as hits, (${token}::text is not null and r.tokens @> ${tokenJson}::jsonb) as has_token`);
  await purgeExpired(db);
  const [row] = rows<{ hits: number; has_token: boolean }>(result);
  if (!row || row.has_token || Number(row.hits) <= limit) return undefined;
  return Math.max(1, Math.ceil((start + windowMs - now) / 1000));
}

/** As takeRateLimit, but throws the 429 AppError (with Retry-After) when over the limit. */
export async function rateLimit(
  db: DbOrTx,
  key: string,
  limit: Limit,
  what: string,
  opts: RateLimitOptions = {},
): Promise<void> {
  const retryAfter = await takeRateLimit(db, key, limit, opts);
  if (retryAfter !== undefined) {
    throw new AppError("rate_limited", `Too many ${what}; try again in ${retryAfter} s`, {
      retryAfterSeconds: retryAfter,
    });
  }
}

const MINUTE = 60_000;

/** The limits per minute, from the settings (see .env.example); `overrides` is for tests. */
export function limits(overrides: Partial<Record<LimitName, number>> = {}): Record<LimitName, Limit> {
  const e = env();
  return {
    create: { limit: overrides.create ?? e.CREATE_RATE_LIMIT, windowMs: MINUTE },
    signIn: { limit: overrides.signIn ?? e.SIGN_IN_RATE_LIMIT, windowMs: MINUTE },
    plan: { limit: overrides.plan ?? e.PLAN_RATE_LIMIT, windowMs: MINUTE },
    spokeForm: { limit: overrides.spokeForm ?? e.SPOKE_FORM_RATE_LIMIT, windowMs: MINUTE },
    liveRefresh: { limit: overrides.liveRefresh ?? e.LIVE_REFRESH_USER_LIMIT, windowMs: MINUTE },
    driftCheck: { limit: overrides.driftCheck ?? e.DRIFT_CHECK_RATE_LIMIT, windowMs: MINUTE },
  };
}

export type LimitName = "create" | "signIn" | "plan" | "spokeForm" | "liveRefresh" | "driftCheck";
