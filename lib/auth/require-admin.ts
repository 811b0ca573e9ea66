import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/** Admin-only verbs answer "not found" to everyone else, so the page and the route 404. */
export function requireAdmin(actor: Actor): void {
  if (actor.role !== "admin") throw new AppError("not_found", "Not found");
}
