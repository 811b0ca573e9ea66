/**
 * Auth.js v5: Entra ID (one pinned tenant) when configured, the development sign-in against the
 * simulator only. JWT cookies backed by a session row (lib/auth/sessions.ts).
 */
import NextAuth, { type Account, type NextAuthConfig, type Profile } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { z } from "zod";
import { getDb } from "@/db";
import { writeAudit } from "@/lib/audit";
import { entraTenantId, env, isDevSignInEnabled } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { requestMeta } from "@/lib/request-meta";
import { ENTRA_PROVIDER_ID, entraIdentityFromClaims, signInEntraIdentity } from "./entra";
import { authSecret } from "./secret";
import { checkSession, DEV_PROVIDER_ID, endSession, SESSION_MAX_AGE_SECONDS, startSession } from "./sessions";
import { findDevUser, findUserByEmail, findUserById } from "./users";

export { DEV_PROVIDER_ID };

function providers(): NextAuthConfig["providers"] {
  const e = env();
  const list: NextAuthConfig["providers"] = [];
  // Without a tenant in the issuer the provider would default to /common: any tenant could sign in.
  if (
    e.AUTH_MICROSOFT_ENTRA_ID_ID &&
    e.AUTH_MICROSOFT_ENTRA_ID_SECRET &&
    entraTenantId(e.AUTH_MICROSOFT_ENTRA_ID_ISSUER)
  ) {
    list.push(
      MicrosoftEntraID({
        clientId: e.AUTH_MICROSOFT_ENTRA_ID_ID,
        clientSecret: e.AUTH_MICROSOFT_ENTRA_ID_SECRET,
        issuer: e.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
      }),
    );
  }
  if (isDevSignInEnabled(e)) {
    list.push(
      Credentials({
        id: DEV_PROVIDER_ID,
        name: "Development sign-in",
        credentials: { email: { label: "Email", type: "email" } },
        authorize: async (credentials) => {
          // Re-checked here: the provider list is built per request, but the rule must hold at the point of use.
          if (!isDevSignInEnabled()) return null;
          const email = z.email().safeParse(credentials?.email);
          if (!email.success) return null;
          // Only the seeded users: a passwordless sign-in must never reach a real account.
          const user = await findDevUser({ ctx: { db: await getDb() }, input: { email: email.data } });
          if (!user) {
            await writeAudit(await getDb(), {
              actorId: null,
              action: "auth.sign_in",
              outcome: "failure",
              details: { provider: DEV_PROVIDER_ID, email: email.data },
              ...(await requestMeta()),
            });
            return null;
          }
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    );
  }
  return list;
}

async function signInAllowed(
  account: Account | null | undefined,
  profile: Profile | undefined,
): Promise<true | string> {
  if (account?.provider !== ENTRA_PROVIDER_ID) return true;
  try {
    await entraUser(profile);
    return true;
  } catch (err) {
    const reason = isAppError(err) && err.code === "conflict" ? "AccountInUse" : "AccessDenied";
    return `/sign-in?error=${reason}`;
  }
}

async function entraUser(profile: Profile | undefined) {
  const tenant = entraTenantId(env().AUTH_MICROSOFT_ENTRA_ID_ISSUER);
  if (!tenant) throw new AppError("unauthorized", "Entra ID sign-in needs a tenant-specific issuer");
  const identity = entraIdentityFromClaims(profile as Record<string, unknown> | undefined, tenant);
  return signInEntraIdentity({ ctx: { db: await getDb() }, input: { identity, adminEmails: env().ADMIN_EMAILS } });
}

function config(): NextAuthConfig {
  return {
    secret: authSecret(),
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: providers(),
    callbacks: {
      signIn: ({ account, profile }) => signInAllowed(account, profile),
      async jwt({ token, user, account, profile }) {
        const db = await getDb();
        if (user && account) {
          const row =
            account.provider === DEV_PROVIDER_ID
              ? await findUserById({ ctx: { db }, input: { id: String(user.id) } })
              : await entraUser(profile);
          if (!row) return null;
          token.uid = row.id;
          token.sid = await startSession({ ctx: { db }, input: { userId: row.id, provider: account.provider } });
          token.provider = account.provider;
          token.name = row.name;
          token.email = row.email;
          return token;
        }
        // Every request re-checks the server-side session: sign-out, revocation, a deleted user
        // and a development session after the development sign-in was turned off all end here.
        const live = await checkSession({
          ctx: { db, policy: { devSignIn: isDevSignInEnabled() } },
          input: { sessionId: token.sid },
        });
        if (!live || live.user.id !== token.uid) return null;
        return token;
      },
      session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        if (typeof token.sid === "string") session.sessionId = token.sid;
        return session;
      },
    },
    events: {
      async signIn({ user, account }) {
        const db = await getDb();
        const row = user.email ? await findUserByEmail({ ctx: { db }, input: { email: user.email } }) : undefined;
        await writeAudit(db, {
          actorId: row?.id ?? null,
          action: "auth.sign_in",
          outcome: "success",
          details: { provider: account?.provider },
          ...(await requestMeta()),
        });
      },
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        const uid = typeof token?.uid === "string" ? token.uid : null;
        const db = await getDb();
        await endSession({ ctx: { db }, input: { sessionId: token?.sid, reason: "sign_out" } });
        await writeAudit(db, { actorId: uid, action: "auth.sign_out", outcome: "success", ...(await requestMeta()) });
      },
    },
  };
}

declare module "next-auth" {
  interface Session {
    /** The server-side session row behind this cookie (lib/auth/sessions.ts). */
    sessionId?: string;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
