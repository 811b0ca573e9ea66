import { armIds } from "@/lib/azure/ids";
import { spokeTags } from "@/lib/network/resource-names";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import type { StepContext } from "../step-types";

/** The owner's tags (an update's `tags`) first: the console's own tags always win. */
export function tagsFor(ctx: StepContext): Record<string, string> {
  return { ...ctx.config.tags, ...spokeTagsFor(ctx) };
}

function spokeTagsFor(ctx: StepContext): Record<string, string> {
  return spokeTags({
    spokeNumber: ctx.config.spokeNumber,
    clientName: ctx.config.clientName,
    ownerId: ctx.config.ownerId,
    deploymentId: ctx.deployment.id,
  });
}

export function spokeScope(ctx: StepContext) {
  return { subscriptionId: ctx.deps.azure.subscriptionId, resourceGroup: ctx.config.resourceGroup };
}

export function hubScope(ctx: StepContext) {
  return { subscriptionId: ctx.deps.azure.subscriptionId, resourceGroup: ctx.config.hub.resourceGroup };
}

export function spokeVnetId(ctx: StepContext): string {
  return armIds.virtualNetwork(spokeScope(ctx), ctx.config.names.vnet);
}

export function hubVnetId(ctx: StepContext): string {
  return armIds.virtualNetwork(hubScope(ctx), ctx.config.hub.vnetName);
}

/** Poll `probe` until it returns a value, waiting `intervalMs` (time-scaled) between tries, up to `tries`. */
export async function pollUntil<T>(
  ctx: StepContext,
  probe: () => Promise<T | undefined>,
  intervalMs: number,
  tries: number,
): Promise<T | undefined> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await ctx.sleep(intervalMs);
  }
  return undefined;
}

/** Teardown steps look up what exists by name: the spoke's names and hub are all they read. */
export function teardownInputs(config: SpokeConfig) {
  return { spokeNumber: config.spokeNumber, resourceGroup: config.resourceGroup, names: config.names, hub: config.hub };
}

/**
 * Whether a step may take what an earlier step of this deployment just read from Azure instead of
 * reading it again: only on the first attempt of a create, where that step ran moments before
 * (verify_connectivity trusts a peering side create_peering's PUT already saw connected, and only
 * when the same process heard that answer: a resume after a crash reads again).
 * A retry, an update or a Repair reads Azure live (something may have changed it since).
 */
export function freshFromThisCreate(ctx: StepContext): boolean {
  return ctx.deployment.kind === "create" && ctx.attempt <= 1;
}
