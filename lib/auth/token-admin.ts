/** Token operations for local operators (the CLI): by e-mail, without a session. */
import { and, eq, isNull } from "drizzle-orm";
import { apiTokens } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import type { AuthCtx } from "./context";
import { createApiToken, hashToken } from "./tokens";
import { findUserByEmail } from "./users";

/** `days`: lifetime in days; 0 = never expires; undefined = the default (API_TOKEN_DEFAULT_DAYS). */
export async function createTokenForEmail({
  ctx,
  input,
}: {
  ctx: AuthCtx;
  input: { email: string; name: string; days?: number };
}) {
  const { email, name, days } = input;
  const user = await findUserByEmail({ ctx, input: { email } });
  if (!user) throw new AppError("not_found", `No user with e-mail ${email}. Sign in once first, or use a seeded user.`);
  const expiresAt = days === undefined ? undefined : days === 0 ? null : new Date(Date.now() + days * 86_400_000);
  const created = await createApiToken({
    ctx: { db: ctx.db, meta: CLI_META, actor: { id: user.id, via: "cli" } },
    input: { name, expiresAt },
  });
  return { ...created, email: user.email };
}

const PREFIX_RE = /^hsc_[A-Za-z0-9_-]{8}$/;
const CLI_META = { ip: null, userAgent: "hsc-cli" };

/**
 * Revoke by the token's prefix (what the Settings page shows), matched exactly, or by its full
 * secret (matched by hash). Never a pattern: `hsc_%%%%%%%%` must not revoke every token.
 */
export async function revokeTokenByPrefix({ ctx, input }: { ctx: AuthCtx; input: { prefix: string } }) {
  const value = input.prefix.trim();
  const match =
    value.length > 12
      ? eq(apiTokens.hash, hashToken(value))
      : PREFIX_RE.test(value)
        ? eq(apiTokens.prefix, value)
        : undefined;
  if (!match)
    throw new AppError(
      "bad_request",
      "Give the 12-character prefix (hsc_ and 8 letters, digits, - or _) or the whole token",
    );
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(match, isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, userId: apiTokens.userId });
    for (const r of rows) {
      await writeAudit(tx, {
        actorId: r.userId,
        action: "token.revoke",
        target: r.id,
        outcome: "success",
        userAgent: "hsc-cli",
      });
    }
    return rows.length;
  });
}
