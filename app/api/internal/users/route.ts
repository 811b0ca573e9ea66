import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { addServiceUser, setRoleByEmail } from "@/lib/auth/user-admin";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse, ok } from "@/lib/http/envelope";
import { isOwnerSecret } from "@/lib/runtime/data-dir-owner";

const Body = z.discriminatedUnion("op", [
  z.object({ op: z.enum(["grant", "revoke"]), email: z.email() }),
  z.object({ op: z.literal("add-user"), email: z.email(), name: z.string().max(100).optional() }),
]);

/** For `npm run admin` while this server owns the embedded database; the secret is in the (0700) data dir. */
export async function POST(req: NextRequest) {
  try {
    if (!isOwnerSecret(env().DATA_DIR, req.headers.get("x-hsc-owner-secret"))) throw new AppError("not_found", "Not found");
    const body = Body.parse(await req.json());
    const db = await getDb();
    if (body.op === "add-user") return ok(await addServiceUser(db, body.email, body.name));
    return ok(await setRoleByEmail(db, body.email, body.op === "grant" ? "admin" : "user"));
  } catch (err) {
    return errorResponse(err);
  }
}

export function GET() {
  return NextResponse.json({ status: "error", message: "Not found" }, { status: 404 });
}
