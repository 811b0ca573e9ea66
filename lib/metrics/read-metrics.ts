import type { Actor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/require-admin";
import { scrapeMetrics } from "./registry";

/** GET /api/metrics: admins only (a session, or an admin's API token for the scraper). */
export async function readMetrics({ ctx }: { ctx: { actor: Actor } }) {
  requireAdmin(ctx.actor);
  return scrapeMetrics();
}
