import type { NextRequest } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { spokeCtx } from "./spoke-ctx";
import { getServices } from "@/lib/runtime/services";
import type { OrphanCtx } from "@/lib/sweep/verbs";

/** The orphan verbs' context: the verb context plus the gateway writer's queue. */
export async function orphanCtx(actor: Actor, req?: NextRequest | { headers: Headers }): Promise<OrphanCtx> {
  const s = await getServices();
  return { ...(await spokeCtx(actor, req)), enqueueGatewayReconcile: s.worker.deps.enqueueGatewayReconcile };
}
