/**
 * refreshLiveView: a viewer's Refresh of the topology (the hub snapshot) or of one spoke page (the
 * spoke's and its hub's). Ownership as everywhere: another user's spoke is a 404. The read itself
 * runs in the background under the shared reader's rules (README "Live views").
 */
import { limits, rateLimit } from "@/lib/rate-limit";
import { configOf, requestRefresh } from "@/lib/live/views";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import type { SpokeCtx } from "./context";
import { hubRef } from "./plan-spoke";
import { resolveSpoke } from "./resolve";

export interface RefreshAccepted {
  refresh: "requested";
  /** All viewers together cause at most one read per snapshot in this period. */
  min_interval_s: number;
}

export async function refreshLiveView({
  ctx,
  input,
}: {
  ctx: SpokeCtx;
  input: { ref?: string };
}): Promise<RefreshAccepted> {
  // Per user across every instance; all viewers together are bounded by the snapshot's minimum age.
  await rateLimit(ctx.db, `live-refresh:${ctx.actor.id}`, limits(ctx.limits).liveRefresh, "refresh requests");
  if (input.ref === undefined) {
    await requestRefresh(ctx, hubRef(ctx));
  } else {
    const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
    const config = spoke.desiredConfig as SpokeConfig; // safe because desired_config is written from SpokeConfig only
    await requestRefresh(ctx, config.hub, spoke.deletedAt ? undefined : { id: spoke.id, config });
  }
  return { refresh: "requested", min_interval_s: configOf(ctx).minRefreshMs / 1000 };
}
