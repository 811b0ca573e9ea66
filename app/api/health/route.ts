import { NextResponse } from "next/server";
import { getActor, isAdmin, type Actor } from "@/lib/auth/actor";
import { checkHealth, publicHealth } from "@/lib/runtime/health";

export const dynamic = "force-dynamic";

/** Up or down for everyone; each check's detail for admins (session or token). */
export async function GET() {
  // A broken database must still give 503 "down", not a 500 from resolving the caller.
  const actor: Actor | null = await getActor().catch(() => null);
  const health = await checkHealth();
  const data = actor && isAdmin(actor) ? health : publicHealth(health);
  return NextResponse.json(
    health.ok
      ? { status: "success", data }
      : { status: "error", code: "unavailable", message: "A health check failed", data },
    { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
