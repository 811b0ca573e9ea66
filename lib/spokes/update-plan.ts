/**
 * The what-if of an update (POST /api/spokes/{id}/plan): reads live Azure and lists the exact
 * property-level differences the update would make, including the gateway entries as the single
 * writer's merged PUT would change them, and marks the disruptive ones (a resize restarts the VM;
 * one outside its hardware cluster needs a deallocate first: downtime). Reads only.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { gatewayEntries } from "@/db/schema";
import type { AzureGateway } from "@/lib/azure/types";
import { armIds } from "@/lib/azure/ids";
import type { AgwEntries, AgwEntryKind } from "@/lib/network/gateway-entries";
import { planGatewayUpdate } from "@/lib/network/gateway-ownership";
import { sshKeyFingerprint } from "@/lib/network/ssh-fingerprint";
import { fromAzure, frontendOf } from "@/lib/orchestrator/gateway/adapter";
import { readLedger, toWish } from "@/lib/orchestrator/gateway/ledger";
import { hubKey, type SpokeConfig } from "@/lib/ledger/spoke-config";
import { gatewayEntryFor } from "@/lib/orchestrator/steps/gateway-steps";
import { changedSteps } from "@/lib/orchestrator/update-params";
import { UPDATE_WORKFLOW } from "@/lib/orchestrator/workflows";
import type { SpokeCtx } from "./context";
import { resolveSpoke, type SpokeRow } from "./resolve";
import { forcedSteps, parseUpdateBody, targetConfig, type UpdateSpokeBody } from "./update-body";

export interface PlannedChange {
  resource: string;
  property: string;
  before: unknown;
  after: unknown;
  /** The update step that makes it. */
  step: string;
  /** The VM stops serving for a while (restart, deallocate). */
  disruptive: boolean;
  /** Something is deleted. */
  destructive: boolean;
  note?: string;
}

export interface UpdatePlan {
  id: string;
  spoke_id: number;
  changes: PlannedChange[];
  steps: { key: string; action: "run" | "skip"; reason: "changed" | "forced" | "unchanged" }[];
  disruptive: boolean;
  /** When `required`, PATCH must carry `confirm` equal to `phrase` (the spoke's client name). */
  confirmation: { required: boolean; phrase: string };
}

export interface PlanContext {
  azure: AzureGateway;
  db: DbOrTx;
}

export function stepsToRun(current: SpokeConfig, target: SpokeConfig, force: string[] | "all") {
  const changed = new Set(
    changedSteps(
      UPDATE_WORKFLOW.map((s) => s.step),
      current,
      target,
    ),
  );
  return UPDATE_WORKFLOW.map((s) => {
    const reason = changed.has(s.key)
      ? ("changed" as const)
      : force === "all" || force.includes(s.key)
        ? ("forced" as const)
        : ("unchanged" as const);
    return { key: s.key, action: reason === "unchanged" ? ("skip" as const) : ("run" as const), reason };
  });
}

export async function computeUpdatePlan(
  ctx: PlanContext,
  spoke: SpokeRow,
  current: SpokeConfig,
  target: SpokeConfig,
  force: string[] | "all",
): Promise<UpdatePlan> {
  const steps = stepsToRun(current, target, force);
  const runs = new Set(steps.filter((s) => s.action === "run").map((s) => s.key));
  const changes: PlannedChange[] = [];
  const scope = { subscriptionId: ctx.azure.subscriptionId, resourceGroup: current.resourceGroup };
  const vmId = armIds.virtualMachine(scope, current.names.vm);
  if (runs.has("resize_vm")) {
    const vm = await ctx.azure.getVirtualMachine(current.resourceGroup, current.names.vm);
    const allocated = vm ? vm.powerState !== "deallocated" : false;
    const sizes = vm && allocated ? await ctx.azure.listVmSizesAvailable(current.resourceGroup, current.names.vm) : [];
    const same = vm?.vmSize?.toLowerCase() === target.vmSize.toLowerCase();
    const deallocate = allocated && !same && !sizes.some((s) => s.name.toLowerCase() === target.vmSize.toLowerCase());
    if (!same) {
      changes.push({
        resource: vmId,
        property: "properties.hardwareProfile.vmSize",
        before: vm?.vmSize ?? null,
        after: target.vmSize,
        step: "resize_vm",
        disruptive: allocated,
        destructive: false,
        note: !allocated
          ? "The VM is deallocated: it is resized in place and started afterwards."
          : deallocate
            ? `Downtime: ${target.vmSize} is outside the VM's current hardware cluster, so Azure must deallocate the VM, resize it and start it again (several minutes).`
            : `Downtime: the VM restarts on ${target.vmSize} (a minute or two).`,
      });
    }
  }
  if (runs.has("set_ssh_key") && current.sshPublicKey !== target.sshPublicKey) {
    changes.push({
      resource: `${vmId}/extensions/enablevmaccess`,
      property: `protectedSettings.ssh_key (${target.adminUsername})`,
      before: await sshKeyFingerprint(current.sshPublicKey).catch(() => "current key"),
      after: await sshKeyFingerprint(target.sshPublicKey).catch(() => "new key"),
      step: "set_ssh_key",
      disruptive: false,
      destructive: false,
      note: "Set through the VM access extension (Azure does not allow changing osProfile after creation); the old key stops working.",
    });
  }
  if (runs.has("create_vnet") || runs.has("create_nic"))
    changes.push(...(await tagChanges(ctx, current, target, runs)));
  if (runs.has("update_agw")) changes.push(...(await gatewayChanges(ctx, spoke, current, target)));
  const disruptive = changes.some((c) => c.disruptive || c.destructive);
  return {
    id: spoke.id,
    spoke_id: spoke.spokeNumber,
    changes,
    steps,
    disruptive,
    confirmation: { required: disruptive, phrase: spoke.clientName },
  };
}

async function tagChanges(
  ctx: PlanContext,
  current: SpokeConfig,
  target: SpokeConfig,
  runs: Set<string>,
): Promise<PlannedChange[]> {
  const out: PlannedChange[] = [];
  const ownerTags = (tags: Record<string, string> | undefined) =>
    Object.fromEntries(
      Object.entries(tags ?? {}).filter(([k]) => k in (target.tags ?? {}) || k in (current.tags ?? {})),
    );
  if (runs.has("create_vnet")) {
    const vnet = await ctx.azure.getVirtualNetwork(current.resourceGroup, current.names.vnet);
    if (vnet)
      out.push({
        resource: vnet.id,
        property: "tags",
        before: ownerTags(vnet.tags),
        after: target.tags ?? {},
        step: "create_vnet",
        disruptive: false,
        destructive: false,
      });
  }
  if (runs.has("create_nic")) {
    const nic = await ctx.azure.getNetworkInterface(current.resourceGroup, current.names.nic);
    if (nic)
      out.push({
        resource: nic.id,
        property: "tags",
        before: ownerTags(nic.tags),
        after: target.tags ?? {},
        step: "create_nic",
        disruptive: false,
        destructive: false,
      });
  }
  return out;
}

const KIND_PATH: Record<AgwEntryKind, string> = {
  backendPools: "backendAddressPools",
  backendHttpSettings: "backendHttpSettingsCollection",
  listeners: "httpListeners",
  rules: "requestRoutingRules",
  probes: "probes",
};

/** The merged PUT the single writer would send with this spoke's target entry, as property changes. */
async function gatewayChanges(
  ctx: PlanContext,
  spoke: SpokeRow,
  current: SpokeConfig,
  target: SpokeConfig,
): Promise<PlannedChange[]> {
  const { hub } = current;
  const gw = await ctx.azure.getApplicationGateway(hub.resourceGroup, hub.gatewayName);
  if (!gw)
    return [
      {
        resource: `applicationGateways/${hub.gatewayName}`,
        property: "(gateway)",
        before: null,
        after: "not found",
        step: "update_agw",
        disruptive: false,
        destructive: false,
        note: "The hub's gateway was not found",
      },
    ];
  const key = hubKey(hub);
  const rows = await ctx.db.select().from(gatewayEntries).where(eq(gatewayEntries.hub, key));
  const wishes = rows.map(toWish);
  const mine = wishes.find((w) => w.spokeId === spoke.id);
  const nic = await ctx.azure.getNetworkInterface(current.resourceGroup, current.names.nic);
  const entry = gatewayEntryFor(target, mine?.entry?.backendIp ?? nic?.privateIpAddress ?? null);
  const next = [...wishes.filter((w) => w.spokeId !== spoke.id), { spokeId: spoke.id, names: entry.names, entry }];
  const live = fromAzure(gw);
  const plan = planGatewayUpdate(live, next, await readLedger(ctx.db, key), frontendOf(gw));
  const out: PlannedChange[] = [];
  for (const change of plan.changes) {
    const resource = `${gw.id}/${KIND_PATH[change.kind]}/${change.name}`;
    const before = find(live, change.kind, change.name);
    const after = find(plan.entries, change.kind, change.name);
    if (change.action !== "updated") {
      out.push({
        resource,
        property: "(entry)",
        before: before ?? null,
        after: after ?? null,
        step: "update_agw",
        disruptive: false,
        destructive: change.action === "removed",
      });
      continue;
    }
    for (const property of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
      if (property === "raw") continue;
      const b = before?.[property];
      const a = after?.[property];
      if (JSON.stringify(b) !== JSON.stringify(a))
        out.push({
          resource,
          property,
          before: b ?? null,
          after: a ?? null,
          step: "update_agw",
          disruptive: false,
          destructive: false,
        });
    }
  }
  return out;
}

function find(entries: AgwEntries, kind: AgwEntryKind, name: string): Record<string, unknown> | undefined {
  const list = entries[kind] as readonly { name: string }[];
  return list.find((e) => e.name.toLowerCase() === name.toLowerCase()) as Record<string, unknown> | undefined;
}

export async function planSpokeUpdate({
  ctx,
  input,
}: {
  ctx: SpokeCtx;
  input: { ref: string; body: unknown };
}): Promise<UpdatePlan> {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  const body: UpdateSpokeBody = parseUpdateBody(await input.body);
  const current = spoke.desiredConfig as SpokeConfig; // safe because only the create and update verbs write it, from validated configurations
  return computeUpdatePlan(ctx, spoke, current, targetConfig(current, body), forcedSteps(body.force));
}
