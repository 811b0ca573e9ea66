/** Auth.js v5: Entra ID when configured, development sign-in against the simulator only. JWT sessions. */
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { z } from "zod";
import { getDb } from "@/db";
import { writeAudit } from "@/lib/audit";
import { env, isDevSignInEnabled } from "@/lib/env";
import { requestMeta } from "@/lib/request-meta";
import { authSecret } from "./secret";
import { findUserByEmail, findUserById, upsertExternalUser } from "./users";

export const DEV_PROVIDER_ID = "dev";

function providers(): NextAuthConfig["providers"] {
  const e = env();
  const list: NextAuthConfig["providers"] = [];
  if (e.AUTH_MICROSOFT_ENTRA_ID_ID && e.AUTH_MICROSOFT_ENTRA_ID_SECRET) {
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
          const user = await findUserByEmail(await getDb(), email.data);
          if (!user) {
            await writeAudit(await getDb(), { actorId: null, action: "auth.sign_in", outcome: "failure", details: { provider: DEV_PROVIDER_ID, email: email.data }, ...(await requestMeta()) });
            return null;
          }
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    );
  }
  return list;
}

function config(): NextAuthConfig {
  return {
    secret: authSecret(),
    trustHost: true,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: providers(),
    callbacks: {
      async jwt({ token, user, account }) {
        const db = await getDb();
        if (user && account) {
          const row =
            account.provider === DEV_PROVIDER_ID
              ? await findUserById(db, String(user.id))
              : await upsertExternalUser(db, {
                  email: String(user.email ?? ""),
                  name: String(user.name ?? user.email ?? ""),
                  provider: account.provider,
                  providerAccountId: account.providerAccountId,
                });
          if (!row) return null;
          token.uid = row.id;
          token.name = row.name;
          token.email = row.email;
          return token;
        }
        // Every request re-checks the user: deleted users and revoked sessions end here.
        if (typeof token.uid !== "string") return null;
        const row = await findUserById(db, token.uid);
        if (!row) return null;
        const issuedAtMs = (typeof token.iat === "number" ? token.iat : 0) * 1000;
        if (row.sessionsRevokedAt && row.sessionsRevokedAt.getTime() >= issuedAtMs) return null;
        return token;
      },
      session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
    events: {
      async signIn({ user, account }) {
        const db = await getDb();
        const row = user.email ? await findUserByEmail(db, user.email) : undefined;
        await writeAudit(db, { actorId: row?.id ?? null, action: "auth.sign_in", outcome: "success", details: { provider: account?.provider }, ...(await requestMeta()) });
      },
      async signOut(message) {
        const uid = "token" in message && typeof message.token?.uid === "string" ? message.token.uid : null;
        await writeAudit(await getDb(), { actorId: uid, action: "auth.sign_out", outcome: "success", ...(await requestMeta()) });
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
