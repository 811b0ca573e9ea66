import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/runtime/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(
    health.ok ? { status: "success", data: health } : { status: "error", code: "unavailable", message: "A health check failed; see data.checks", data: health },
    { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
