/** Issue 10: `npm run token -- --revoke <prefix>` matches exactly, never as a LIKE pattern. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { revokeTokenByPrefix } from "./token-admin";
import { createApiToken, verifyApiToken } from "./tokens";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.destroy());

async function tokens(n: number) {
  const [u] = await t.db
    .insert(users)
    .values({ email: `rev-${Math.random().toString(36).slice(2)}@example.com`, name: "rev" })
    .returning();
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      createApiToken({ ctx: { db: t.db, actor: { id: u!.id, via: "cli" } }, input: { name: `t${i}` } }),
    ),
  );
}

async function live(list: { token: string }[]) {
  return (
    await Promise.all(
      list.map((x) => verifyApiToken({ ctx: { db: t.db, policy: { devSignIn: true } }, input: { token: x.token } })),
    )
  ).filter(Boolean).length;
}

describe("revokeTokenByPrefix", () => {
  it("treats LIKE wildcards as text: 'hsc_%%%%' and 'hsc_%%%%%%%%' revoke nothing", async () => {
    const made = await tokens(3);
    await expect(revokeTokenByPrefix({ ctx: { db: t.db }, input: { prefix: "hsc_%%%%" } })).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(revokeTokenByPrefix({ ctx: { db: t.db }, input: { prefix: "hsc_%%%%%%%%" } })).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(revokeTokenByPrefix({ ctx: { db: t.db }, input: { prefix: "hsc_________" } })).resolves.toBe(0); // `_` is a LIKE wildcard too
    expect(await live(made)).toBe(3);
  });

  it("revokes exactly the token with that prefix, or with that whole secret", async () => {
    const made = await tokens(3);
    expect(await revokeTokenByPrefix({ ctx: { db: t.db }, input: { prefix: made[0]!.prefix } })).toBe(1);
    expect(
      await verifyApiToken({ ctx: { db: t.db, policy: { devSignIn: true } }, input: { token: made[0]!.token } }),
    ).toBeUndefined();
    expect(await revokeTokenByPrefix({ ctx: { db: t.db }, input: { prefix: made[1]!.token } })).toBe(1);
    expect(await live(made)).toBe(1);
    const near = made[2]!.prefix.slice(0, 11) + (made[2]!.prefix.endsWith("A") ? "B" : "A");
    expect(await revokeTokenByPrefix({ ctx: { db: t.db }, input: { prefix: near } })).toBe(0);
    expect(await live(made)).toBe(1);
  });
});
