import type { NextRequest } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { metaFromHeaders } from "@/lib/request-meta";
import { getServices } from "@/lib/runtime/services";
import type { HubBootstrapCtx } from "@/lib/hub/bootstrap";
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

/** The hub bootstrap's context: the verb context plus the worker's timing (back-off scale, poll interval). */
export async function hubBootstrapCtx(actor: Actor, req?: NextRequest | { headers: Headers }): Promise<HubBootstrapCtx> {
  const s = await getServices();
  const base = await spokeCtx(actor, req);
  return { db: base.db, azure: base.azure, hub: base.hub, meta: base.meta, timeScale: s.worker.deps.timeScale, pollIntervalMs: s.worker.deps.pollIntervalMs };
}
