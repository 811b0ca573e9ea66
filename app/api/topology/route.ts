import { ok } from "@/lib/http/envelope";
import { apiRoute } from "@/lib/http/route";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { getTopology } from "@/lib/spokes/get-topology";

export const dynamic = "force-dynamic";

/** The hub, its gateway and the caller's spokes (all for admins), read live from Azure. */
export const GET = apiRoute(async ({ actor, req }) => ok(await getTopology({ ctx: await spokeCtx(actor, req) })));
