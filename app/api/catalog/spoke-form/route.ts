import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { getSpokeFormCatalog } from "@/lib/spokes/spoke-form-catalog";

export const dynamic = "force-dynamic";

/** The New spoke form's facts: VM sizes with vCPUs and quota left, the pool, the next free number. */
export const GET = apiRoute(async ({ actor, req }) =>
  ok(await getSpokeFormCatalog({ ctx: await spokeCtx(actor, req) })),
);
