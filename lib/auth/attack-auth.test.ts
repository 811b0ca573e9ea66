/**
 * The sign-in and credential rules at the verb level, on a real database: what an attacker tries
 * after a switch from simulator to Azure mode, with a new Entra identity, or with a stolen token.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditLog, users } from "@/db/schema";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { bindAddress, entraTenantId, parseEnv, signInConfigErrors } from "@/lib/env";
import { entraIdentityFromClaims, signInEntraIdentity } from "./entra";
import { checkSession, DEV_PROVIDER_ID, endSession, startSession } from "./sessions";
import { createApiToken, tokenUser, verifyApiToken } from "./tokens";
import { revokeUserSessions } from "./revoke-sessions";
import { addServiceUser, setRoleByEmail } from "./user-admin";
import { ensureDevUsers, findDevUser, findUserByEmail } from "./users";

const SIM = { devSignIn: true };
const AZURE = { devSignIn: false };
const TENANT = "11111111-2222-3333-4444-555555555555";
const OTHER_TENANT = "99999999-2222-3333-4444-555555555555";
const oid = () => crypto.randomUUID();
const meta = { ip: null, userAgent: "vitest" };

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await ensureDevUsers({ ctx: { db: t.db } });
});
afterAll(async () => t?.destroy());

async function seeded(email: string) {
  const u = await findUserByEmail({ ctx: { db: t.db }, input: { email } });
  if (!u) throw new Error(`${email} not seeded`);
  return u;
}

describe("development identities after a switch to Azure mode", () => {
  it("a dev session and a seeded user's token work in simulator mode and are refused once dev sign-in is off", async () => {
    const alice = await seeded("alice@example.com");
    const sid = await startSession({ ctx: { db: t.db }, input: { userId: alice.id, provider: DEV_PROVIDER_ID } });
    const { token } = await createApiToken({
      ctx: { db: t.db, actor: { id: alice.id, via: "session" } },
      input: { name: "before-switch" },
    });
    expect((await checkSession({ ctx: { db: t.db, policy: SIM }, input: { sessionId: sid } }))?.user.id).toBe(alice.id);
    expect((await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token } }))?.user.id).toBe(alice.id);
    // The same database, now served with AZURE_MODE=azure (isDevSignInEnabled() is false there).
    expect(isDevSignInOn(parseEnv({ AZURE_MODE: "azure", AZURE_SUBSCRIPTION_ID: "s" }))).toBe(false);
    expect(await checkSession({ ctx: { db: t.db, policy: AZURE }, input: { sessionId: sid } })).toBeUndefined();
    expect(await verifyApiToken({ ctx: { db: t.db, policy: AZURE }, input: { token } })).toBeUndefined();
  });

  it("dev sign-in reaches only the seeded users, never another account with an e-mail in the database", async () => {
    const svc = await addServiceUser({ ctx: { db: t.db }, input: { email: `svc-${oid()}@example.com` } });
    expect(await findDevUser({ ctx: { db: t.db }, input: { email: svc.email } })).toBeUndefined();
    expect((await findDevUser({ ctx: { db: t.db }, input: { email: "bob@example.com" } }))?.email).toBe(
      "bob@example.com",
    );
    // A seeded e-mail whose row is not a dev user (e.g. created by Entra) is not reachable either.
    await t.db.update(users).set({ isDevUser: false }).where(eq(users.email, "bob@example.com"));
    expect(await findDevUser({ ctx: { db: t.db }, input: { email: "bob@example.com" } })).toBeUndefined();
    await ensureDevUsers({ ctx: { db: t.db } });
  });
});

function isDevSignInOn(e: ReturnType<typeof parseEnv>) {
  return e.AZURE_MODE === "simulator" && e.DEV_SIGN_IN;
}

describe("sessions end on the server", () => {
  it("sign-out ends the session row, so the still-valid JWT is worthless", async () => {
    const bob = await seeded("bob@example.com");
    const sid = await startSession({ ctx: { db: t.db }, input: { userId: bob.id, provider: DEV_PROVIDER_ID } });
    expect(await checkSession({ ctx: { db: t.db, policy: SIM }, input: { sessionId: sid } })).toBeDefined();
    await endSession({ ctx: { db: t.db }, input: { sessionId: sid, reason: "sign_out" } });
    expect(await checkSession({ ctx: { db: t.db, policy: SIM }, input: { sessionId: sid } })).toBeUndefined();
  });

  it("revoking a user's sessions also revokes their tokens; later ones work", async () => {
    const admin = await seeded("admin@example.com");
    const svc = await addServiceUser({ ctx: { db: t.db }, input: { email: `revoked-${oid()}@example.com` } });
    const sid = await startSession({ ctx: { db: t.db }, input: { userId: svc.id, provider: "microsoft-entra-id" } });
    const old = await createApiToken({ ctx: { db: t.db, actor: { id: svc.id, via: "cli" } }, input: { name: "old" } });
    const actor = {
      id: admin.id,
      email: admin.email,
      name: admin.name,
      role: "admin" as const,
      via: "session" as const,
    };
    expect(await revokeUserSessions({ ctx: { db: t.db, actor, meta }, input: { userId: svc.id } })).toBe(true);
    expect(await checkSession({ ctx: { db: t.db, policy: SIM }, input: { sessionId: sid } })).toBeUndefined();
    expect(await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token: old.token } })).toBeUndefined();
    expect(await tokenUser({ ctx: { db: t.db, policy: SIM }, input: { tokenId: old.id } })).toBeUndefined();
    const fresh = await createApiToken({
      ctx: { db: t.db, actor: { id: svc.id, via: "cli" } },
      input: { name: "new" },
    });
    expect((await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token: fresh.token } }))?.user.id).toBe(
      svc.id,
    );
  });
});

describe("API tokens", () => {
  it("expire: 90 days by default, never when asked, and an expired one is refused", async () => {
    const svc = await addServiceUser({ ctx: { db: t.db }, input: { email: `exp-${oid()}@example.com` } });
    const byDefault = await createApiToken({
      ctx: { db: t.db, actor: { id: svc.id, via: "cli" } },
      input: { name: "default" },
    });
    const days = ((byDefault.expiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    expect(
      (
        await createApiToken({
          ctx: { db: t.db, actor: { id: svc.id, via: "cli" } },
          input: { name: "forever", expiresAt: null },
        })
      ).expiresAt,
    ).toBeNull();
    const short = await createApiToken({
      ctx: { db: t.db, actor: { id: svc.id, via: "cli" } },
      input: { name: "short", expiresAt: new Date(Date.now() + 300) },
    });
    expect(await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token: short.token } })).toBeDefined();
    await new Promise((r) => setTimeout(r, 400));
    expect(await verifyApiToken({ ctx: { db: t.db, policy: SIM }, input: { token: short.token } })).toBeUndefined();
    await expect(
      createApiToken({
        ctx: { db: t.db, actor: { id: svc.id, via: "cli" } },
        input: { name: "past", expiresAt: new Date(Date.now() - 1000) },
      }),
    ).rejects.toThrow(/future/);
  });

  it("a token-authenticated caller cannot create a token (403), and the attempt is audited", async () => {
    const svc = await addServiceUser({ ctx: { db: t.db }, input: { email: `mint-${oid()}@example.com` } });
    await expect(
      createApiToken({ ctx: { db: t.db, actor: { id: svc.id, via: "token" } }, input: { name: "minted" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.actorId, svc.id));
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([["token.create", "denied"]]);
  });
});

describe("console bind address", () => {
  it("is loopback while the development sign-in is on, unless BIND_ADDRESS says otherwise", () => {
    expect(bindAddress(parseEnv({}))).toBe("127.0.0.1");
    expect(bindAddress(parseEnv({ DEV_SIGN_IN: "false" }))).toBe("0.0.0.0");
    expect(bindAddress(parseEnv({ AZURE_MODE: "azure", AZURE_SUBSCRIPTION_ID: "s" }))).toBe("0.0.0.0");
    expect(bindAddress(parseEnv({ BIND_ADDRESS: "0.0.0.0" }))).toBe("0.0.0.0");
  });
});

describe("Entra ID", () => {
  it("refuses to start in Azure mode without a tenant-specific issuer", () => {
    const base = {
      AZURE_MODE: "azure",
      AZURE_SUBSCRIPTION_ID: "s",
      AUTH_MICROSOFT_ENTRA_ID_ID: "id",
      AUTH_MICROSOFT_ENTRA_ID_SECRET: "x",
    };
    expect(signInConfigErrors(parseEnv(base)).join()).toMatch(/AUTH_MICROSOFT_ENTRA_ID_ISSUER/);
    expect(
      signInConfigErrors(
        parseEnv({ ...base, AUTH_MICROSOFT_ENTRA_ID_ISSUER: "https://login.microsoftonline.com/common/v2.0" }),
      ).join(),
    ).toMatch(/tenant/);
    expect(
      signInConfigErrors(
        parseEnv({ ...base, AUTH_MICROSOFT_ENTRA_ID_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0` }),
      ),
    ).toEqual([]);
    expect(signInConfigErrors(parseEnv({}))).toEqual([]);
    expect(entraTenantId(`https://login.microsoftonline.com/${TENANT.toUpperCase()}/v2.0`)).toBe(TENANT);
  });

  it("refuses another tenant's token and a token without tid/oid", () => {
    expect(() => entraIdentityFromClaims({ tid: OTHER_TENANT, oid: oid(), email: "a@b.c" }, TENANT)).toThrow(/tenant/);
    expect(() => entraIdentityFromClaims({ email: "a@b.c" }, TENANT)).toThrow(/tenant or object id/);
  });

  it("links by tid+oid, never by e-mail: a new identity with a taken e-mail is refused", async () => {
    const victim = await addServiceUser({ ctx: { db: t.db }, input: { email: `victim-${oid()}@contoso.com` } });
    const attacker = entraIdentityFromClaims({ tid: TENANT, oid: oid(), email: victim.email, name: "Mallory" }, TENANT);
    await expect(
      signInEntraIdentity({ ctx: { db: t.db }, input: { identity: attacker, adminEmails: [] } }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await t.db.select().from(accounts).where(eq(accounts.userId, victim.id))).toEqual([]);
    // Also not a seeded development user's e-mail.
    const dev = entraIdentityFromClaims({ tid: TENANT, oid: oid(), email: "admin@example.com" }, TENANT);
    await expect(
      signInEntraIdentity({ ctx: { db: t.db }, input: { identity: dev, adminEmails: ["admin@example.com"] } }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("applies ADMIN_EMAILS once, at the identity's first sign-in; afterwards the stored role rules", async () => {
    const email = `boss-${oid()}@contoso.com`;
    const identity = entraIdentityFromClaims({ tid: TENANT, oid: oid(), email }, TENANT);
    const first = await signInEntraIdentity({ ctx: { db: t.db }, input: { identity, adminEmails: [email] } });
    expect(first.role).toBe("admin");
    await setRoleByEmail({ ctx: { db: t.db }, input: { email, role: "user" } });
    const again = await signInEntraIdentity({ ctx: { db: t.db }, input: { identity, adminEmails: [email] } });
    expect(again.id).toBe(first.id);
    expect(again.role).toBe("user");
    // The e-mail changing in the tenant does not make a new user: the identity is tid+oid.
    const renamed = await signInEntraIdentity({
      ctx: { db: t.db },
      input: { identity: { ...identity, email: `renamed-${email}` }, adminEmails: [] },
    });
    expect(renamed.id).toBe(first.id);
  });
});
