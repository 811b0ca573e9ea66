import { and, eq, isNull } from "drizzle-orm";
import { env } from "@/lib/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueViolation } from "./rows";
import { spokes, users } from "./schema";
import { spokeRow } from "./testing/fixtures";
import { createTestDb, type TestDb } from "./testing/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.destroy());

async function makeUser(email: string) {
  const [u] = await t.db.insert(users).values({ email, name: email }).returning();
  if (!u) throw new Error("insert returned nothing");
  return u;
}

describe("schema", () => {
  it(`applies migrations on ${env().DATABASE_URL ? "the Postgres server" : "PGlite"}`, async () => {
    const u = await makeUser(`a-${Date.now()}@example.com`);
    expect(u.role).toBe("user");
    expect(u.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("lets only one live spoke hold a number and a client name per hub", async () => {
    const u = await makeUser(`b-${Date.now()}@example.com`);
    await t.db.insert(spokes).values(spokeRow(u.id, 7, "acme"));
    const dupNumber = await t.db
      .insert(spokes)
      .values(spokeRow(u.id, 7, "other"))
      .catch((e: unknown) => e);
    expect(uniqueViolation(dupNumber)).toBe("spokes_live_number_uq");
    const dupName = await t.db
      .insert(spokes)
      .values(spokeRow(u.id, 8, "acme"))
      .catch((e: unknown) => e);
    expect(uniqueViolation(dupName)).toBe("spokes_live_client_uq");
  });

  it("frees the number and name once the spoke is deleted", async () => {
    const u = await makeUser(`c-${Date.now()}@example.com`);
    await t.db.insert(spokes).values(spokeRow(u.id, 9, "globex"));
    await t.db
      .update(spokes)
      .set({ deletedAt: new Date(), status: "deleted" })
      .where(and(eq(spokes.spokeNumber, 9), isNull(spokes.deletedAt)));
    await expect(t.db.insert(spokes).values(spokeRow(u.id, 9, "globex"))).resolves.toBeDefined();
  });

  it("resolves concurrent claims of one number with exactly one winner", async () => {
    const u = await makeUser(`d-${Date.now()}@example.com`);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => t.db.insert(spokes).values(spokeRow(u.id, 42, `race-${i}`))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});
