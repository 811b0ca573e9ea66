/**
 * The Postgres-backed limits: per window, tokens counted once, keys apart, and — issue 10 — one
 * count shared by two app-like instances (two database clients on one database), so N instances
 * do not allow N times the rate. Run with DATABASE_URL=postgres://… for the two-client case on
 * the server; on PGlite both clients are one handle.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { Actor } from "@/lib/auth/actor";
import { hubConfig, parseEnv } from "@/lib/env";
import { startSimulatedAzure, testSshPublicKey } from "@/lib/azure/testing";
import { AppError, isAppError } from "@/lib/errors";
import type { SpokeCtx } from "@/lib/spokes/context";
import { createSpoke } from "@/lib/spokes/create-spoke";
import { rateLimit, takeRateLimit } from "./rate-limit";

let t: TestDb;
let second: DbHandle | undefined;
let cloud: Awaited<ReturnType<typeof startSimulatedAzure>>;
beforeAll(async () => {
  t = await createTestDb();
  cloud = await startSimulatedAzure({ pollIntervalMs: 5 });
}, 60_000);
afterAll(async () => {
  await second?.close();
  await cloud?.stop();
  await t?.destroy();
});

const perMinute = (limit: number) => ({ limit, windowMs: 60_000 });

describe("rateLimit", () => {
  it("admits `limit` hits per window, then throws a 429 AppError with Retry-After", async () => {
    const key = `t-${randomUUID()}`;
    for (let i = 0; i < 3; i++) await rateLimit(t.db, key, perMinute(3), "tries");
    const caught = await rateLimit(t.db, key, perMinute(3), "tries").catch((err: unknown) => err);
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).status).toBe(429);
    expect((caught as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((caught as AppError).retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((caught as AppError).message).toMatch(/^Too many tries; try again in \d+ s$/);
  });

  it("counts copies of one token once; a refused token stays refused", async () => {
    const key = `t-${randomUUID()}`;
    for (let i = 0; i < 50; i++) expect(await takeRateLimit(t.db, key, perMinute(2), { token: "k1" })).toBeUndefined();
    expect(await takeRateLimit(t.db, key, perMinute(2), { token: "k2" })).toBeUndefined();
    expect(await takeRateLimit(t.db, key, perMinute(2), { token: "k3" })).toBeGreaterThan(0);
    expect(await takeRateLimit(t.db, key, perMinute(2), { token: "k3" })).toBeGreaterThan(0);
    expect(await takeRateLimit(t.db, key, perMinute(2), { token: "k1" })).toBeUndefined();
  });

  it("keeps separate keys apart", async () => {
    const a = `a-${randomUUID()}`;
    expect(await takeRateLimit(t.db, a, perMinute(1))).toBeUndefined();
    expect(await takeRateLimit(t.db, a, perMinute(1))).toBeGreaterThan(0);
    expect(await takeRateLimit(t.db, `b-${randomUUID()}`, perMinute(1))).toBeUndefined();
  });

  it("holds the create limit across two instances sharing one database", async () => {
    // A second client on the same database, as a second `next start` opens (PGlite: one handle).
    second = t.connectionString ? await openDatabase({ databaseUrl: t.connectionString }) : undefined;
    const dbs = [t.db, second?.db ?? t.db];
    const email = `rl-${randomUUID().slice(0, 8)}@example.com`;
    const [u] = await t.db.insert(users).values({ email, name: "rl" }).returning();
    const actor: Actor = { id: u!.id, email, name: "rl", role: "user", via: "session" };
    const ctxOn = (db: (typeof dbs)[number]): SpokeCtx => ({
      actor,
      db,
      azure: cloud.gateway,
      hub: hubConfig(parseEnv({})),
      enqueueDeployment: async () => {},
      limits: { create: 3 },
    });
    const sshKey = await testSshPublicKey();
    // The window is the clock minute: start early in one, so the six requests share it.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 15_000) await new Promise((r) => setTimeout(r, left + 50));
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const input = { client_name: `rl-${i}`, ssh_public_key: sshKey };
      answers.push(
        await createSpoke({ ctx: ctxOn(dbs[i % 2]!), input }).then(
          () => "created",
          (e: unknown) => (isAppError(e) ? e.code : String(e)),
        ),
      );
    }
    expect(answers).toEqual(["created", "created", "created", "rate_limited", "rate_limited", "rate_limited"]);
  }, 90_000);
});
