import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { rateLimit, takeRateLimit } from "./rate-limit";

describe("rateLimit", () => {
  it("admits `limit` hits per window, then throws a 429 AppError with Retry-After", () => {
    const key = `t-${Math.random()}`;
    for (let i = 0; i < 3; i++) rateLimit(key, 3, 60_000, "tries");
    let caught: unknown;
    try {
      rateLimit(key, 3, 60_000, "tries");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).status).toBe(429);
    expect((caught as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect((caught as AppError).message).toMatch(/^Too many tries; try again in \d+ s$/);
  });

  it("counts copies of one token once, so 50 retries of one Idempotency-Key are one attempt", () => {
    const key = `t-${Math.random()}`;
    for (let i = 0; i < 50; i++) expect(takeRateLimit(key, 2, 60_000, { token: "k1" })).toBeUndefined();
    expect(takeRateLimit(key, 2, 60_000, { token: "k2" })).toBeUndefined();
    expect(takeRateLimit(key, 2, 60_000, { token: "k3" })).toBeGreaterThan(0);
    expect(takeRateLimit(key, 2, 60_000, { token: "k1" })).toBeUndefined();
  });

  it("keeps separate keys apart", () => {
    const a = `a-${Math.random()}`;
    expect(takeRateLimit(a, 1, 60_000)).toBeUndefined();
    expect(takeRateLimit(a, 1, 60_000)).toBeGreaterThan(0);
    expect(takeRateLimit(`b-${Math.random()}`, 1, 60_000)).toBeUndefined();
  });
});
