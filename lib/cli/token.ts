/**
 * npm run token -- --user <email> [--name <name>]     print a new API token for that user
 * npm run token -- --revoke <hsc_prefix or token>        revoke it
 * With the embedded database, a running console owns it, so the request goes through that server.
 */
import { parseArgs } from "node:util";
import { openDatabase } from "@/db/client";
import { createTokenForEmail, revokeTokenByPrefix } from "@/lib/auth/token-admin";
import { env } from "@/lib/env";
import { readOwner } from "@/lib/runtime/data-dir-owner";
import path from "node:path";

type Op = { op: "create"; email: string; name: string } | { op: "revoke"; prefix: string };

function parse(): Op {
  const { values } = parseArgs({
    options: { user: { type: "string" }, name: { type: "string" }, revoke: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.revoke) return { op: "revoke", prefix: values.revoke };
  if (!values.user || values.help) {
    console.error("usage: npm run token -- --user <email> [--name <name>] | --revoke <hsc_prefix>");
    process.exit(values.help ? 0 : 2);
  }
  return { op: "create", email: values.user, name: values.name ?? `cli-${new Date().toISOString().slice(0, 10)}` };
}

async function viaServer(op: Op, port: number, secret: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/api/internal/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hsc-owner-secret": secret },
    body: JSON.stringify(op),
  });
  const body = (await res.json()) as { status: string; data?: unknown; message?: string };
  if (!res.ok) throw new Error(body.message ?? `server answered ${res.status}`);
  return body.data;
}

async function direct(op: Op): Promise<unknown> {
  const e = env();
  const handle = await openDatabase({ databaseUrl: e.DATABASE_URL, pgliteDir: path.join(e.DATA_DIR, "pglite") });
  try {
    return op.op === "create" ? await createTokenForEmail(handle.db, op.email, op.name) : { revoked: await revokeTokenByPrefix(handle.db, op.prefix) };
  } finally {
    await handle.close();
  }
}

async function main() {
  const op = parse();
  const owner = env().DATABASE_URL ? undefined : readOwner(env().DATA_DIR);
  const result = owner ? await viaServer(op, owner.port, owner.secret) : await direct(op);
  if (op.op === "create") {
    const r = result as { token: string; email: string; name: string };
    console.error(`Created token "${r.name}" for ${r.email}. It is shown once:`);
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
