import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { addServiceUser, setRoleByEmail } from "@/lib/auth/user-admin";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { authCtx } from "@/lib/http/auth-ctx";
import { errorResponse, ok } from "@/lib/http/envelope";
import { isOwnerSecret } from "@/lib/runtime/data-dir-owner";

const Body = z.discriminatedUnion("op", [
  z.object({ op: z.enum(["grant", "revoke"]), email: z.email() }),
  z.object({ op: z.literal("add-user"), email: z.email(), name: z.string().max(100).optional() }),
]);

/** For `npm run admin` while this server owns the embedded database; the secret is in the (0700) data dir. */
export async function POST(req: NextRequest) {
  try {
    if (!isOwnerSecret(env().DATA_DIR, req.headers.get("x-hsc-owner-secret")))
      throw new AppError("not_found", "Not found");
    const body = Body.parse(await req.json());
    const ctx = await authCtx(req);
    if (body.op === "add-user") return ok(await addServiceUser({ ctx, input: { email: body.email, name: body.name } }));
    return ok(
      await setRoleByEmail({ ctx, input: { email: body.email, role: body.op === "grant" ? "admin" : "user" } }),
    );
  } catch (err) {
    return errorResponse(err);
  }
}

export function GET() {
  return NextResponse.json({ status: "error", message: "Not found" }, { status: 404 });
}
