import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";

export const GET = apiRoute(async ({ actor }) =>
  ok({ id: actor.id, email: actor.email, name: actor.name, role: actor.role, authenticated_via: actor.via }),
);
