/** getSpoke and getProgress: the stored record, its deployments and their steps. */
import { asc, desc, eq, inArray } from "drizzle-orm";
import { deployments, deploymentSteps, users } from "@/db/schema";
import { queueViews, type QueueView } from "@/lib/orchestrator/admission";
import { progressPercentage, stepLabel, workflowFor } from "@/lib/orchestrator/workflows";
import type { DeploymentKind, StepStatus } from "@/lib/ledger/status";
import type { SpokeCtx } from "./context";
import { toSummary } from "./list-spokes";
import { resolveSpoke } from "./resolve";
import { liveView, type LiveView } from "./live-view";
import { originalFields } from "./present";
import { loadDrift } from "@/lib/drift/check";
import type { SpokeConfig } from "@/lib/ledger/spoke-config";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface StepView {
  key: string;
  step_name: string;
  label: string;
  depends_on: string[];
  status: StepStatus;
  attempts: number;
  started_at: string | null;
  completed_at: string | null;
  duration_ms: number | null;
  error_code: string | null;
  error_class: string | null;
  error_message: string | null;
  outputs: unknown;
}

export interface DeploymentView {
  id: string;
  kind: string;
  status: string;
  attempt: number;
  parent_id: string | null;
  requested_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  cancel_requested_at: string | null;
  error: { step: string | null; code: string | null; class: string | null; message: string | null } | null;
  cleanup_report: unknown;
  progress_percentage: number;
  /** Set while a queued create/update waits for Azure capacity (README "ARM throttling and the request budget"). */
  queue: QueueView | null;
  steps: StepView[];
}

export async function loadDeploymentViews(ctx: Pick<SpokeCtx, "db">, spokeId: string): Promise<DeploymentView[]> {
  const rows = await ctx.db
    .select()
    .from(deployments)
    .where(eq(deployments.spokeId, spokeId))
    .orderBy(desc(deployments.createdAt));
  if (!rows.length) return [];
  const queue = await queueViews(ctx.db, { deploymentIds: rows.map((r) => r.id) });
  const steps = await ctx.db
    .select()
    .from(deploymentSteps)
    .where(
      inArray(
        deploymentSteps.deploymentId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(deploymentSteps.startedAt));
  return rows.map((d) => {
    const graph = workflowFor(d.kind as DeploymentKind);
    const mine = new Map(steps.filter((s) => s.deploymentId === d.id).map((s) => [s.key, s]));
    const statuses = Object.fromEntries(
      graph.map((g) => [g.key, (mine.get(g.key)?.status ?? "pending") as StepStatus]),
    );
    return {
      id: d.id,
      kind: d.kind,
      status: d.status,
      attempt: d.attempt,
      parent_id: d.parentId,
      requested_by: d.requestedBy,
      created_at: d.createdAt.toISOString(),
      started_at: iso(d.startedAt),
      finished_at: iso(d.finishedAt),
      cancel_requested_at: iso(d.cancelRequestedAt),
      error: d.errorCode
        ? { step: d.errorStep, code: d.errorCode, class: d.errorClass, message: d.errorMessage }
        : null,
      cleanup_report: d.cleanupReport,
      progress_percentage: progressPercentage(graph, statuses),
      queue: queue.get(d.id) ?? null,
      steps: graph.map((g) => {
        const s = mine.get(g.key);
        return {
          key: g.key,
          step_name: g.key,
          label: stepLabel(g.key),
          depends_on: [...g.dependsOn],
          status: (s?.status ?? "pending") as StepStatus,
          attempts: s?.attempts ?? 0,
          started_at: iso(s?.startedAt ?? null),
          completed_at: iso(s?.finishedAt ?? null),
          duration_ms: s?.startedAt && s.finishedAt ? s.finishedAt.getTime() - s.startedAt.getTime() : null,
          error_code: s?.errorCode ?? null,
          error_class: s?.errorClass ?? null,
          error_message: s?.errorMessage ?? null,
          outputs: s?.outputs ?? null,
        };
      }),
    };
  });
}

export async function getSpoke({ ctx, input }: { ctx: SpokeCtx; input: { ref: string } }) {
  return recordOf(ctx, await resolveSpoke(ctx.db, ctx.actor, input.ref));
}

async function recordOf(ctx: SpokeCtx, spoke: Awaited<ReturnType<typeof resolveSpoke>>) {
  const [owner] = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, spoke.ownerId));
  const [views, drift] = await Promise.all([loadDeploymentViews(ctx, spoke.id), loadDrift(ctx.db, spoke.id)]);
  const current = views[0];
  return {
    ...toSummary(spoke, owner ?? { id: spoke.ownerId, email: "", name: "" }),
    drift,
    subnets: spoke.subnets,
    admin_username: spoke.adminUsername,
    resource_group: spoke.resourceGroup,
    agw: spoke.agw,
    deleted_at: iso(spoke.deletedAt),
    last_event_seq: spoke.lastEventSeq,
    progress: current?.progress_percentage ?? 0,
    queue: current?.queue ?? null,
    deployment: current ?? null,
    deployments: views,
    ...originalFields((spoke.desiredConfig as SpokeConfig).names, views),
  };
}

export async function getProgress({ ctx, input }: { ctx: SpokeCtx; input: { ref: string } }) {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  const views = await loadDeploymentViews(ctx, spoke.id);
  const current = views[0];
  return {
    spoke_id: spoke.spokeNumber,
    id: spoke.id,
    status: spoke.status,
    deployment_id: current?.id ?? null,
    kind: current?.kind ?? null,
    deployment_status: current?.status ?? null,
    progress_percentage: current?.progress_percentage ?? 0,
    steps: current?.steps ?? [],
    error: current?.error ?? null,
    ...originalFields((spoke.desiredConfig as SpokeConfig).names, views),
  };
}

/** GET /api/spokes/{id}: the record plus the live Azure view from the shared snapshots (README "Live views"). */
export async function getSpokeLive({ ctx, input }: { ctx: SpokeCtx; input: { ref: string } }) {
  const spoke = await resolveSpoke(ctx.db, ctx.actor, input.ref);
  const gone: LiveView = {
    exists: false,
    vnet: null,
    vm: null,
    agw: null,
    live: { read_at: null, age_s: null, refreshing: false, error: null },
  };
  // The record and the snapshots are independent reads: side by side on a connection pool.
  const [record, live] = await Promise.all([
    recordOf(ctx, spoke),
    spoke.deletedAt ? gone : liveView(ctx, spoke.id, spoke.desiredConfig as SpokeConfig),
  ]);
  return { ...record, ...live };
}
