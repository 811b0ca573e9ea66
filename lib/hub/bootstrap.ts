/**
 * Hub bootstrap verbs: start a run (admin only; one at a time per hub) and read the latest one.
 * The Admin page, `POST /api/admin/hub/bootstrap` and `npm run hub:bootstrap` all come here.
 */
import type { Db } from "@/db";
import { writeAudit } from "@/lib/audit";
import { requireAdmin } from "@/lib/auth/require-admin";
import type { Actor } from "@/lib/auth/actor";
import type { AzureGateway } from "@/lib/azure/types";
import type { HubConfig } from "@/lib/env";
import { log } from "@/lib/log";
import type { RequestMeta } from "@/lib/request-meta";
import { hubDeployments } from "@/db/schema";
import { runHubBootstrap, type HubRunDeps } from "./run-bootstrap";
import { hubLedgerKey, hubSettingsFrom } from "./settings";
import { activeRun, appendHubEvents, failStaleRuns, latestRun, loadRun } from "./store";
import { HUB_BOOTSTRAP_WORKFLOW, HUB_STEP_LABELS, type HubStepKey } from "./workflow";

export interface HubBootstrapCtx {
  db: Db;
  azure: AzureGateway;
  hub: HubConfig;
  timeScale: number;
  pollIntervalMs?: number;
  meta?: RequestMeta;
}

export interface HubBootstrapView {
  id: string;
  hub: string;
  kind: "bootstrap";
  status: string;
  requested_via: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: { code: string | null; message: string | null; step: string | null } | null;
  report: unknown;
  steps: {
    key: string;
    label: string;
    status: string;
    attempts: number;
    started_at: string | null;
    completed_at: string | null;
    outputs: unknown;
    error: { code: string | null; class: string | null; message: string | null } | null;
  }[];
  events: { seq: number; at: string; type: string; step: string | null; level: string; message: string }[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function hubBootstrapView(db: Db, id: string): Promise<HubBootstrapView | null> {
  const loaded = await loadRun(db, id);
  if (!loaded) return null;
  const { run, steps, events } = loaded;
  const byKey = new Map(steps.map((s) => [s.key, s]));
  return {
    id: run.id,
    hub: run.hub,
    kind: "bootstrap",
    status: run.status,
    requested_via: run.requestedVia,
    created_at: run.createdAt.toISOString(),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
    error: run.errorCode ? { code: run.errorCode, message: run.errorMessage, step: run.errorStep } : null,
    report: run.report ?? null,
    steps: HUB_BOOTSTRAP_WORKFLOW.map(({ key }) => {
      const s = byKey.get(key);
      return {
        key,
        label: HUB_STEP_LABELS[key as HubStepKey],
        status: s?.status ?? "pending",
        attempts: s?.attempts ?? 0,
        started_at: iso(s?.startedAt ?? null),
        completed_at: iso(s?.finishedAt ?? null),
        outputs: s?.outputs ?? null,
        error: s?.errorCode ? { code: s.errorCode, class: s.errorClass, message: s.errorMessage } : null,
      };
    }),
    events: events.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      type: e.type,
      step: e.step,
      level: e.level,
      message: e.message,
    })),
  };
}

/**
 * Records a queued run, or returns the one already running for this hub (a second click joins
 * it). A run whose process died is recognised by its stale heartbeat and failed first.
 */
export async function startHubBootstrap(
  ctx: HubBootstrapCtx,
  actor: Actor | null,
  via: "api" | "console" | "cli",
): Promise<{ id: string; started: boolean }> {
  const hub = hubLedgerKey(ctx.hub);
  return ctx.db.transaction(async (tx) => {
    await failStaleRuns(tx, hub);
    const active = await activeRun(tx, hub);
    if (active) return { id: active.id, started: false };
    const [row] = await tx
      .insert(hubDeployments)
      .values({ hub, kind: "bootstrap", requestedBy: actor?.id ?? null, requestedVia: via })
      .onConflictDoNothing()
      .returning({ id: hubDeployments.id });
    // Another request inserted between our read and our insert (the partial unique index): join it.
    if (!row) {
      const other = await activeRun(tx, hub);
      if (!other) throw new Error("hub bootstrap: no active run after a conflicting insert");
      return { id: other.id, started: false };
    }
    await writeAudit(tx, {
      actorId: actor?.id ?? null,
      action: "hub.bootstrap",
      target: ctx.hub.hubVnetName,
      outcome: "success",
      details: { deploymentId: row.id, via },
      ip: ctx.meta?.ip,
      userAgent: ctx.meta?.userAgent,
    });
    // The first event commits with the run row and its audit row (ARCHITECTURE.md §4.1).
    await appendHubEvents(tx, row.id, [
      { type: "deployment.queued", message: `Hub bootstrap queued by ${actor?.email ?? "the command line"}` },
    ]);
    return { id: row.id, started: true };
  });
}

export function hubRunDeps(ctx: HubBootstrapCtx): HubRunDeps {
  return {
    db: ctx.db,
    azure: ctx.azure,
    hub: hubSettingsFrom(ctx.hub),
    timeScale: ctx.timeScale,
    pollIntervalMs: ctx.pollIntervalMs,
  };
}

/** Admin verb behind the button and the route: starts (or joins) a run, which continues in this process. */
export async function requestHubBootstrap({
  ctx,
  input,
}: {
  ctx: HubBootstrapCtx & { actor: Actor };
  input: { via: "api" | "console" };
}): Promise<HubBootstrapView> {
  requireAdmin(ctx.actor);
  const { id, started } = await startHubBootstrap(ctx, ctx.actor, input.via);
  if (started) {
    void runHubBootstrap(hubRunDeps(ctx), id).catch((err: unknown) =>
      log.error("hub bootstrap crashed", { id, err: String(err) }),
    );
  }
  const view = await hubBootstrapView(ctx.db, id);
  if (!view) throw new Error(`hub bootstrap ${id} vanished`);
  return view;
}

/** The latest run of this hub (null before the first), for the Admin page's live view. */
export async function getLatestHubBootstrap({
  ctx,
}: {
  ctx: Pick<HubBootstrapCtx, "db" | "hub"> & { actor: Actor };
  input?: undefined;
}): Promise<HubBootstrapView | null> {
  requireAdmin(ctx.actor);
  const row = await latestRun(ctx.db, hubLedgerKey(ctx.hub));
  return row ? hubBootstrapView(ctx.db, row.id) : null;
}
