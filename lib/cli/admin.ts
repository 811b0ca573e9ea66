/**
 * npm run admin -- --grant <email>        make that user an admin (e.g. the first admin of a fresh install)
 * npm run admin -- --revoke <email>       make them a plain user again (never the last admin)
 * npm run admin -- --add-user <email> [--name <name>]   a service account for scripts (API tokens only)
 * For whoever runs the server's machine: with the embedded database the request goes through the
 * running console (like `npm run token`), otherwise straight to DATABASE_URL. Every change is audited.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@/db/client";
import { addServiceUser, setRoleByEmail } from "@/lib/auth/user-admin";
import { env } from "@/lib/env";
import { readOwner } from "@/lib/runtime/data-dir-owner";
import { ownerRequest } from "./owner-request";

export type AdminOp = { op: "grant" | "revoke"; email: string } | { op: "add-user"; email: string; name?: string };

function parse(): AdminOp {
  const { values } = parseArgs({
    options: {
      grant: { type: "string" },
      revoke: { type: "string" },
      "add-user": { type: "string" },
      name: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.grant) return { op: "grant", email: values.grant };
  if (values.revoke) return { op: "revoke", email: values.revoke };
  if (values["add-user"]) return { op: "add-user", email: values["add-user"], name: values.name };
  console.error("usage: npm run admin -- --grant <email> | --revoke <email> | --add-user <email> [--name <name>]");
  process.exit(values.help ? 0 : 2);
}

async function direct(op: AdminOp): Promise<unknown> {
  const e = env();
  const handle = await openDatabase({ databaseUrl: e.DATABASE_URL, pgliteDir: path.join(e.DATA_DIR, "pglite") });
  try {
    if (op.op === "add-user")
      return await addServiceUser({ ctx: { db: handle.db }, input: { email: op.email, name: op.name } });
    return await setRoleByEmail({
      ctx: { db: handle.db },
      input: { email: op.email, role: op.op === "grant" ? "admin" : "user" },
    });
  } finally {
    await handle.close();
  }
}

async function main() {
  const op = parse();
  const owner = env().DATABASE_URL ? undefined : readOwner(env().DATA_DIR);
  const result = (
    owner ? await ownerRequest(owner.port, owner.secret, "/api/internal/users", op) : await direct(op)
  ) as { email: string; role?: string };
  console.log(
    op.op === "add-user"
      ? `Added service account ${result.email}.`
      : `${result.email} is now ${result.role === "admin" ? "an admin" : "a user"}.`,
  );
}

main().catch((err: unknown) => {
  console.error(`admin: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
