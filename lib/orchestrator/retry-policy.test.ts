import { describe, expect, it } from "vitest";
import { backoffCeilingMs, CLEANUP_RETRY_POLICY, decideRetry, DEFAULT_RETRY_POLICY } from "./retry-policy";

const transient = { class: "transient" as const };
const half = () => 0.5;

describe("decideRetry", () => {
  it("never retries a permanent error", () => {
    expect(decideRetry({ error: { class: "permanent" }, attempt: 1, elapsedMs: 0 })).toEqual({
      retry: false,
      delayMs: 0,
      reason: "permanent",
    });
  });

  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [5, 16_000],
    [6, 30_000],
    [7, 30_000],
  ])("attempt %s with random 0.5 waits %s ms (base 2 s, cap 60 s, full jitter)", (attempt, delayMs) => {
    expect(decideRetry({ error: transient, attempt, elapsedMs: 0, random: half })).toMatchObject({
      retry: true,
      delayMs,
    });
  });

  it("full jitter spans [0, ceiling)", () => {
    expect(decideRetry({ error: transient, attempt: 3, elapsedMs: 0, random: () => 0 }).delayMs).toBe(0);
    expect(decideRetry({ error: transient, attempt: 3, elapsedMs: 0, random: () => 0.999_999 }).delayMs).toBe(7_999);
  });

  it("waits out throttling for its Retry-After, past the attempt cap and the time budget", () => {
    const throttled = { class: "transient" as const, throttled: true, retryAfterMs: 12_000 };
    const late = { attempt: DEFAULT_RETRY_POLICY.maxAttempts, elapsedMs: DEFAULT_RETRY_POLICY.timeBudgetMs + 1 };
    expect(decideRetry({ error: throttled, ...late })).toEqual({ retry: true, delayMs: 12_000, reason: "throttled" });
    expect(decideRetry({ error: { ...throttled, retryAfterMs: undefined }, ...late, scale: 0.1 })).toEqual({
      retry: true,
      delayMs: 500,
      reason: "throttled",
    });
    expect(decideRetry({ error: { ...transient, retryAfterMs: 12_000 }, ...late })).toMatchObject({ retry: false });
  });

  it("never retries sooner than Retry-After", () => {
    const decision = decideRetry({
      error: { ...transient, retryAfterMs: 7_000 },
      attempt: 1,
      elapsedMs: 0,
      random: half,
    });
    expect(decision).toEqual({ retry: true, delayMs: 7_000, reason: "retry_after" });
  });

  it("uses the backoff when it is longer than Retry-After", () => {
    const decision = decideRetry({
      error: { ...transient, retryAfterMs: 100 },
      attempt: 4,
      elapsedMs: 0,
      random: half,
    });
    expect(decision).toEqual({ retry: true, delayMs: 8_000, reason: "backoff" });
  });

  it("scales its own backoff but not the server's Retry-After", () => {
    expect(decideRetry({ error: transient, attempt: 3, elapsedMs: 0, random: half, scale: 0.1 }).delayMs).toBe(400);
    expect(
      decideRetry({ error: { ...transient, retryAfterMs: 5_000 }, attempt: 3, elapsedMs: 0, random: half, scale: 0.1 })
        .delayMs,
    ).toBe(5_000);
  });

  it("stops at the attempt cap", () => {
    const policy = { maxAttempts: 3 };
    expect(decideRetry({ error: transient, attempt: 2, elapsedMs: 0, policy, random: half }).retry).toBe(true);
    expect(decideRetry({ error: transient, attempt: 3, elapsedMs: 0, policy, random: half })).toMatchObject({
      retry: false,
      reason: "attempts_exhausted",
    });
  });

  it("stops when the wait would overrun the time budget", () => {
    const policy = { timeBudgetMs: 10_000 };
    expect(decideRetry({ error: transient, attempt: 1, elapsedMs: 8_999, policy, random: half }).retry).toBe(true);
    expect(decideRetry({ error: transient, attempt: 1, elapsedMs: 9_001, policy, random: half })).toMatchObject({
      retry: false,
      reason: "budget_exhausted",
    });
    expect(
      decideRetry({ error: { ...transient, retryAfterMs: 1_200_000 }, attempt: 1, elapsedMs: 0, random: half }).reason,
    ).toBe("budget_exhausted");
  });

  it("cleanup backoff is 1, 2, 4 … 60 s without jitter", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map(
      (attempt) =>
        decideRetry({ error: transient, attempt, elapsedMs: 0, policy: CLEANUP_RETRY_POLICY, random: () => 0 }).delayMs,
    );
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it("is deterministic given its inputs", () => {
    const input = { error: transient, attempt: 4, elapsedMs: 1_000, random: () => 0.3 };
    expect(decideRetry(input)).toEqual(decideRetry(input));
  });
});

describe("backoffCeilingMs", () => {
  it("does not overflow for huge attempt numbers", () => {
    expect(backoffCeilingMs(10_000, DEFAULT_RETRY_POLICY)).toBe(60_000);
    expect(backoffCeilingMs(0, DEFAULT_RETRY_POLICY)).toBe(2_000);
  });
});
