import type { NextRequest } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { metaFromHeaders } from "@/lib/request-meta";
import { getServices } from "@/lib/runtime/services";
import type { SpokeCtx } from "@/lib/spokes/context";

/** The verb context for a request: the caller plus this process's services. */
export async function spokeCtx(actor: Actor, req?: NextRequest | { headers: Headers }): Promise<SpokeCtx> {
  const s = await getServices();
  return {
    actor,
    db: s.handle.db,
    azure: s.azure,
    hub: s.hub,
    enqueueDeployment: s.worker.deps.enqueueDeployment,
    meta: req ? metaFromHeaders(req.headers) : undefined,
  };
}
