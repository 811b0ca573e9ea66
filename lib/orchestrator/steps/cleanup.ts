/**
 * verify_cleanup and release_address (ARCHITECTURE.md §5.2): prove nothing of the spoke remains (tagged
 * resources, the hub's peering, gateway entries); otherwise force-delete with backoff and report.
 */
import { eq } from "drizzle-orm";
import { deployments, spokes } from "@/db/schema";
import type { AzureGateway } from "@/lib/azure/types";
import { TAG_KEYS } from "@/lib/network/resource-names";
import { classifyError } from "../classify";
import type { CleanupReportData } from "@/lib/ledger/events";
import { backoffCeilingMs, CLEANUP_RETRY_POLICY, THROTTLED_DEFAULT_WAIT_MS } from "../retry-policy";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";
import { defineStep, StepFailure, type StepContext } from "../step-types";
import { change } from "@/lib/ledger/store";
import { spokeVnetId, teardownInputs } from "./common";

export interface Remaining {
  id: string;
  type: string;
  name: string;
}

/** Everything of the spoke that still exists in Azure. */
export async function findRemaining(azure: AzureGateway, config: SpokeConfig, spokeVnet: string): Promise<Remaining[]> {
  const [tagged, hubPeering, gw, disk] = await Promise.all([
    azure.listResourcesByTag(config.resourceGroup, { name: TAG_KEYS.spokeId, value: String(config.spokeNumber) }),
    azure.getPeering(config.hub.resourceGroup, config.hub.vnetName, config.names.hubToSpokePeering),
    azure.getApplicationGateway(config.hub.resourceGroup, config.hub.gatewayName),
    azure.getDisk(config.resourceGroup, config.names.osDisk),
  ]);
  const out: Remaining[] = tagged.map((r) => ({ id: r.id, type: r.type, name: r.name }));
  // Azure creates the OS disk from the VM without our tags: it is found by name (and its VM).
  const diskOurs =
    disk && (!disk.managedBy || disk.managedBy.toLowerCase().endsWith(`/${config.names.vm.toLowerCase()}`));
  if (disk && diskOurs && !out.some((r) => r.id.toLowerCase() === disk.id.toLowerCase()))
    out.push({ id: disk.id, type: "Microsoft.Compute/disks", name: disk.name });
  if (hubPeering && hubPeering.remoteVirtualNetworkId?.toLowerCase() === spokeVnet.toLowerCase()) {
    out.push({
      id: hubPeering.id,
      type: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
      name: hubPeering.name,
    });
  }
  const a = config.names.agw;
  const agwLeft = [
    ...(gw?.backendAddressPools.filter((p) => p.name === a.backendPool) ?? []),
    ...(gw?.backendHttpSettings.filter((s) => s.name === a.httpSettings) ?? []),
    ...(gw?.httpListeners.filter((l) => l.name === a.listener) ?? []),
    ...(gw?.requestRoutingRules.filter((r) => r.name === a.routingRule) ?? []),
    ...(a.probe ? (gw?.probes.filter((p) => p.name === a.probe) ?? []) : []),
  ];
  for (const e of agwLeft)
    out.push({ id: `${gw?.id}/${e.name}`, type: "Microsoft.Network/applicationGateways/entry", name: e.name });
  return out;
}

function deleterFor(ctx: StepContext, r: Remaining): (() => Promise<void>) | undefined {
  const { azure } = ctx.deps;
  const rg = ctx.config.resourceGroup;
  const t = r.type.toLowerCase();
  if (t === "microsoft.network/virtualnetworks") return () => azure.deleteVirtualNetwork(rg, r.name, ctx.lro);
  if (t === "microsoft.network/networkinterfaces") return () => azure.deleteNetworkInterface(rg, r.name, ctx.lro);
  if (t === "microsoft.compute/virtualmachines")
    return () => azure.deleteVirtualMachine(rg, r.name, { ...ctx.lro, forceDeletion: true });
  if (t === "microsoft.compute/disks") return () => azure.deleteDisk(rg, r.name, ctx.lro);
  if (t.endsWith("/virtualnetworkpeerings"))
    return () => azure.deletePeering(ctx.config.hub.resourceGroup, ctx.config.hub.vnetName, r.name, ctx.lro);
  return undefined;
}

/** Sleeps for a server-given wait (already in wall time), or a scaled default. */
function sleepMs(ctx: StepContext, retryAfterMs: number | undefined): Promise<void> {
  if (retryAfterMs === undefined) return ctx.sleep(THROTTLED_DEFAULT_WAIT_MS);
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(1, retryAfterMs));
    ctx.signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

async function forceDelete(ctx: StepContext, r: Remaining): Promise<CleanupReportData["resources"][number]> {
  const del = deleterFor(ctx, r);
  if (!del)
    return {
      id: r.id,
      type: r.type,
      attempts: 0,
      error: `no delete operation for ${r.type}; remove it by hand`,
      deletedAt: null,
    };
  let lastError: string | null = null;
  for (let attempt = 1; attempt <= CLEANUP_RETRY_POLICY.maxAttempts; attempt++) {
    try {
      await del();
      return { id: r.id, type: r.type, attempts: attempt, error: null, deletedAt: new Date().toISOString() };
    } catch (err) {
      const c = classifyError(err, { duringTeardown: true });
      if (c.code === "ResourceNotFound" || c.statusCode === 404)
        return { id: r.id, type: r.type, attempts: attempt, error: null, deletedAt: new Date().toISOString() };
      if (c.throttled) {
        // Azure asked us to wait: that is not a failed delete, so it costs no attempt.
        await sleepMs(ctx, c.retryAfterMs);
        attempt -= 1;
        continue;
      }
      lastError = `${c.code}: ${c.message}`;
      if (c.class === "permanent") break;
      await ctx.sleep(backoffCeilingMs(attempt, CLEANUP_RETRY_POLICY)); // 1, 2, 4 … 60 s
    }
  }
  return { id: r.id, type: r.type, attempts: CLEANUP_RETRY_POLICY.maxAttempts, error: lastError, deletedAt: null };
}

async function saveReport(ctx: StepContext, report: CleanupReportData) {
  await change(ctx.deps.db, ctx.spoke.id, ctx.deployment.id, async (tx) => {
    await tx.update(deployments).set({ cleanupReport: report }).where(eq(deployments.id, ctx.deployment.id));
    const left = report.resources.filter((r) => !r.deletedAt).length;
    return {
      events: [
        {
          type: "cleanup.report",
          step: "verify_cleanup",
          level: report.outcome === "verified" || report.outcome === "force_deletion_complete" ? "info" : "error",
          message: `Cleanup ${report.outcome.replace(/_/g, " ")}${left ? `: ${left} resource(s) remain` : ""}`,
          data: report,
        },
      ],
    };
  });
}

export const verifyCleanup = defineStep({
  key: "verify_cleanup",
  label: "Verify cleanup",
  dependsOn: ["delete_vnet", "delete_os_disk"],
  retry: { ...CLEANUP_RETRY_POLICY, maxAttempts: 3 },
  inputs: teardownInputs,
  teardown: true,
  async run(ctx) {
    const spokeVnet = spokeVnetId(ctx);
    const first = await findRemaining(ctx.deps.azure, ctx.config, spokeVnet);
    if (first.length === 0) {
      const report: CleanupReportData = { outcome: "verified", resources: [] };
      await saveReport(ctx, report);
      return { report };
    }
    const agwEntries = first.filter((r) => r.type.endsWith("/entry"));
    const results = await Promise.all(first.filter((r) => !r.type.endsWith("/entry")).map((r) => forceDelete(ctx, r)));
    for (const e of agwEntries)
      results.push({
        id: e.id,
        type: e.type,
        attempts: 0,
        error: "gateway entry still present after remove_agw_entries",
        deletedAt: null,
      });
    const after = await findRemaining(ctx.deps.azure, ctx.config, spokeVnet);
    const deleted = results.filter((r) => r.deletedAt).length;
    const outcome: CleanupReportData["outcome"] =
      after.length === 0 ? "force_deletion_complete" : deleted > 0 ? "partial_failure" : "verification_failed";
    const report: CleanupReportData = { outcome, resources: results };
    await saveReport(ctx, report);
    if (after.length > 0)
      throw new StepFailure(
        "CleanupIncomplete",
        `${after.length} resource(s) of spoke ${ctx.config.spokeNumber} remain: ${after.map((r) => r.name).join(", ")}`,
        { remaining: after },
      );
    return { report };
  },
});

export const releaseAddress = defineStep({
  key: "release_address",
  label: "Release address block",
  dependsOn: ["verify_cleanup"],
  retry: "default",
  inputs: teardownInputs,
  teardown: true,
  async run(ctx) {
    // Only now may the number and client name be taken again (ARCHITECTURE.md §8).
    await change(ctx.deps.db, ctx.spoke.id, ctx.deployment.id, async (tx) => {
      await tx.update(spokes).set({ deletedAt: new Date(), updatedAt: new Date() }).where(eq(spokes.id, ctx.spoke.id));
      return { events: [] };
    });
    return { released: ctx.config.addressPrefix, spokeNumber: ctx.config.spokeNumber };
  },
});
