import type { NextRequest } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { getEventFanout } from "@/lib/realtime/fanout";
import { metaFromHeaders } from "@/lib/request-meta";
import { getServices } from "@/lib/runtime/services";
import type { HubBootstrapCtx } from "@/lib/hub/bootstrap";
import type { SpokeCtx } from "@/lib/spokes/context";
import type { StreamCtx } from "@/lib/spokes/stream-events";

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

/** The hub bootstrap's context: the caller, the verb context and the worker's timing (back-off scale, poll interval). */
export async function hubBootstrapCtx(
  actor: Actor,
  req?: NextRequest | { headers: Headers },
): Promise<HubBootstrapCtx & { actor: Actor }> {
  const s = await getServices();
  const base = await spokeCtx(actor, req);
  return {
    actor,
    db: base.db,
    azure: base.azure,
    hub: base.hub,
    meta: base.meta,
    timeScale: s.worker.deps.timeScale,
    pollIntervalMs: s.worker.deps.pollIntervalMs,
  };
}

/** The event stream's context: the caller, the database, this process's event fan-out and the request's abort. */
export async function streamCtx(actor: Actor, req: NextRequest): Promise<StreamCtx> {
  const { handle } = await getServices();
  return { actor, db: handle.db, fanout: getEventFanout(handle), signal: req.signal };
}
