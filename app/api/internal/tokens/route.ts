import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { createTokenForEmail, revokeTokenByPrefix } from "@/lib/auth/token-admin";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { authCtx } from "@/lib/http/auth-ctx";
import { errorResponse, ok } from "@/lib/http/envelope";
import { isOwnerSecret } from "@/lib/runtime/data-dir-owner";

const Body = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("create"),
    email: z.email(),
    name: z.string().min(1).max(60),
    days: z.number().int().min(0).max(3650).optional(),
  }),
  z.object({ op: z.literal("revoke"), prefix: z.string().min(12).max(100) }),
]);

/** For `npm run token` while this server owns the embedded database; the secret is in the data dir. */
export async function POST(req: NextRequest) {
  try {
    if (!isOwnerSecret(env().DATA_DIR, req.headers.get("x-hsc-owner-secret"))) {
      throw new AppError("not_found", "Not found");
    }
    const body = Body.parse(await req.json());
    const ctx = await authCtx(req);
    if (body.op === "create")
      return ok(await createTokenForEmail({ ctx, input: { email: body.email, name: body.name, days: body.days } }));
    return ok({ revoked: await revokeTokenByPrefix({ ctx, input: { prefix: body.prefix } }) });
  } catch (err) {
    return errorResponse(err);
  }
}

export function GET() {
  return NextResponse.json({ status: "error", code: "not_found", message: "Not found" }, { status: 404 });
}
