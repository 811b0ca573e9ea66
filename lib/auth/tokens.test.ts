import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { createApiToken, listApiTokens, revokeApiToken, verifyApiToken } from "./tokens";
import { ensureDevUsers, findUserByEmail } from "./users";

const SIM = { devSignIn: true };
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.destroy());

async function newUser(tag: string) {
  const [u] = await t.db
    .insert(users)
    .values({ email: `${tag}-${Math.random().toString(36).slice(2)}@example.com`, name: tag })
    .returning();
  if (!u) throw new Error("no user");
  return u;
}

describe("API tokens", () => {
  it("stores only a hash, verifies the secret, and stops after revocation", async () => {
    const u = await newUser("tok");
    const created = await createApiToken({
      ctx: { db: t.db, actor: { id: u.id, via: "session" } },
      input: { name: "ci" },
    });
    expect(created.token).toMatch(/^hsc_[A-Za-z0-9_-]{43}$/);
    const listed = await listApiTokens({ ctx: { db: t.db, actor: { id: u.id } } });
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect((await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token: created.token } }))?.user.id).toBe(
      u.id,
    );
    expect((await listApiTokens({ ctx: { db: t.db, actor: { id: u.id } } }))[0]?.lastUsedAt).toBeInstanceOf(Date);
    expect(await revokeApiToken({ ctx: { db: t.db, actor: { id: u.id } }, input: { tokenId: created.id } })).toBe(true);
    expect(await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token: created.token } })).toBeUndefined();
  });

  it("rejects malformed and unknown tokens", async () => {
    expect(await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token: "hsc_short" } })).toBeUndefined();
    expect(
      await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token: "hsc_" + "A".repeat(43) } }),
    ).toBeUndefined();
    expect(await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token: "' or 1=1 --" } })).toBeUndefined();
  });

  it("does not let one user revoke another's token", async () => {
    const alice = await newUser("alice");
    const bob = await newUser("bob");
    const created = await createApiToken({
      ctx: { db: t.db, actor: { id: alice.id, via: "session" } },
      input: { name: "mine" },
    });
    expect(await revokeApiToken({ ctx: { db: t.db, actor: { id: bob.id } }, input: { tokenId: created.id } })).toBe(
      false,
    );
    expect(await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token: created.token } })).toBeDefined();
  });

  it("writes audit rows for create and revoke", async () => {
    const u = await newUser("audit");
    const created = await createApiToken({
      ctx: { db: t.db, actor: { id: u.id, via: "session" } },
      input: { name: "audited" },
    });
    await revokeApiToken({ ctx: { db: t.db, actor: { id: u.id } }, input: { tokenId: created.id } });
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.actorId, u.id));
    expect(rows.map((r) => r.action).sort()).toEqual(["token.create", "token.revoke"]);
  });

  it("rejects an empty or overlong name", async () => {
    const u = await newUser("names");
    await expect(
      createApiToken({ ctx: { db: t.db, actor: { id: u.id, via: "session" } }, input: { name: "  " } }),
    ).rejects.toThrow(/Name is required/);
    await expect(
      createApiToken({ ctx: { db: t.db, actor: { id: u.id, via: "session" } }, input: { name: "x".repeat(61) } }),
    ).rejects.toThrow(/at most 60/);
  });
});

describe("embedded database persistence", () => {
  it("keeps users and tokens across a restart of the PGlite directory", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hsc-pglite-"));
    try {
      const first = await openDatabase({ pgliteDir: dir });
      await ensureDevUsers({ ctx: { db: first.db } });
      const alice = await findUserByEmail({ ctx: { db: first.db }, input: { email: "alice@example.com" } });
      if (!alice) throw new Error("alice not seeded");
      const { token } = await createApiToken({
        ctx: { db: first.db, actor: { id: alice.id, via: "session" } },
        input: { name: "persisted" },
      });
      await first.close();

      const second = await openDatabase({ pgliteDir: dir });
      expect((await verifyApiToken({ ctx: { db: second.db, policy: SIM }, input: { token } }))?.user.email).toBe(
        "alice@example.com",
      );
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
