import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/runtime/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(
    { status: health.ok ? "success" : "error", data: health },
    { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
