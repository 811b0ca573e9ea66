import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { getSpoke } from "@/lib/spokes/get-spoke";

export const dynamic = "force-dynamic";

/**
 * The console's fast read of a spoke: the stored record with every deployment and step, without
 * the live Azure view of GET /api/spokes/{id} (which the Resources card fetches on its own).
 */
export const GET = apiRoute<{ spokeId: string }>(async ({ actor, params, req }) =>
  ok(await getSpoke({ ctx: await spokeCtx(actor, req), input: { ref: params.spokeId } })),
);
