/**
 * npm run token -- --user <email> [--name <name>] [--days <n>]   print a new API token for that user
 *   (expires after API_TOKEN_DEFAULT_DAYS, 90 by default; --days 0 = never)
 * npm run token -- --revoke <hsc_prefix or token>        revoke it
 * With the embedded database, a running console owns it, so the request goes through that server.
 */
import { parseArgs } from "node:util";
import { openDatabase } from "@/db/client";
import { createTokenForEmail, revokeTokenByPrefix } from "@/lib/auth/token-admin";
import { env } from "@/lib/env";
import { readOwner } from "@/lib/runtime/data-dir-owner";
import { ownerRequest } from "./owner-request";
import path from "node:path";

type Op = { op: "create"; email: string; name: string; days?: number } | { op: "revoke"; prefix: string };

function parse(): Op {
  const { values } = parseArgs({
    options: {
      user: { type: "string" },
      name: { type: "string" },
      days: { type: "string" },
      revoke: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.revoke) return { op: "revoke", prefix: values.revoke };
  const days = values.days === undefined ? undefined : Number(values.days);
  if (!values.user || values.help || (days !== undefined && (!Number.isInteger(days) || days < 0 || days > 3650))) {
    console.error(
      "usage: npm run token -- --user <email> [--name <name>] [--days <0-3650, 0 = never>] | --revoke <hsc_prefix>",
    );
    process.exit(values.help ? 0 : 2);
  }
  return {
    op: "create",
    email: values.user,
    name: values.name ?? `cli-${new Date().toISOString().slice(0, 10)}`,
    days,
  };
}

async function direct(op: Op): Promise<unknown> {
  const e = env();
  const handle = await openDatabase({ databaseUrl: e.DATABASE_URL, pgliteDir: path.join(e.DATA_DIR, "pglite") });
  try {
    return op.op === "create"
      ? await createTokenForEmail({ ctx: { db: handle.db }, input: { email: op.email, name: op.name, days: op.days } })
      : { revoked: await revokeTokenByPrefix({ ctx: { db: handle.db }, input: { prefix: op.prefix } }) };
  } finally {
    await handle.close();
  }
}

async function main() {
  const op = parse();
  const owner = env().DATABASE_URL ? undefined : readOwner(env().DATA_DIR);
  const result = owner ? await ownerRequest(owner.port, owner.secret, "/api/internal/tokens", op) : await direct(op);
  if (op.op === "create") {
    const r = result as { token: string; email: string; name: string; expiresAt: string | null };
    const expiry = r.expiresAt
      ? `expires ${new Date(r.expiresAt).toISOString().replace("T", " ").slice(0, 16)} UTC`
      : "never expires";
    console.error(`Created token "${r.name}" for ${r.email} (${expiry}). It is shown once:`);
    console.log(r.token);
  } else {
    const n = (result as { revoked: number }).revoked;
    console.log(n ? `Revoked ${n} token(s).` : "No active token with that prefix.");
    if (!n) process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(`token: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
