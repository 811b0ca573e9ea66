import { apiRoute } from "@/lib/http/route";
import { readMetrics } from "@/lib/metrics/read-metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => {
  const { contentType, body } = await readMetrics({ ctx: { actor } });
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
