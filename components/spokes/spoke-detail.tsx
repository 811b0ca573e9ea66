"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress";
import { spokeDetailQuery } from "@/lib/queries/spokes";
import { useSpokeEvents } from "@/lib/queries/use-spoke-events";
import { ActivityLog } from "./activity-log";
import { DeploymentSection } from "./deployment-section";
import { DriftBadge } from "./drift-badge";
import { DriftCard } from "./drift-card";
import { EditSpoke, type UpdateActions } from "./edit-spoke";
import { ResourcesCard } from "./resources-card";
import { SpokeActions, type OperationAction } from "./spoke-actions";
import type { TeardownPlanAction } from "./teardown-plan-view";
import { QueueBadge } from "./queue-badge";
import { RUNNING_SPOKE_STATUSES, StatusBadge } from "./status-badge";

export function SpokeDetailView({
  spokeId,
  action,
  update,
  planTeardown,
}: {
  spokeId: string;
  action: OperationAction;
  update?: UpdateActions;
  planTeardown?: TeardownPlanAction;
}) {
  const [generation, setGeneration] = useState(0);
  const stream = useSpokeEvents(spokeId, generation);
  const { data: spoke, error } = useQuery({
    ...spokeDetailQuery(spokeId),
    // The stream drives refreshes; this is the backstop when it cannot connect. A place in the
    // admission queue moves when OTHER spokes start, which this spoke's stream does not carry.
    refetchInterval: (q) =>
      q.state.data?.queue
        ? 5_000
        : stream === "error" && RUNNING_SPOKE_STATUSES.includes(q.state.data?.status ?? "")
          ? 3_000
          : false,
  });
  if (error)
    return (
      <Card role="alert" className="p-6 text-sm text-red-700 dark:text-red-300">
        Could not load the spoke: {error.message}
      </Card>
    );
  if (!spoke) return <Card className="p-6 text-sm text-muted">Loading…</Card>;
  const chronological = [...spoke.deployments].reverse();
  const current = spoke.deployment;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-muted">
            <Link href="/" className="hover:underline">
              Spokes
            </Link>{" "}
            / spoke {spoke.spoke_id}
          </p>
          <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold tracking-tight">
            {spoke.client_name}
            <span data-testid="spoke-status">
              <StatusBadge status={spoke.status} />
            </span>
            <QueueBadge queue={spoke.queue} />
            {spoke.status === "completed" ? (
              <DriftBadge status={spoke.drift.status} count={spoke.drift.differences.length} />
            ) : null}
          </h1>
          <p className="mt-1 text-sm text-muted">
            <span className="font-mono">{spoke.address_prefix}</span> · {spoke.vm_size} · {spoke.location} · owner{" "}
            {spoke.owner.email}
          </p>
        </div>
        <SpokeActions
          spoke={spoke}
          action={action}
          planTeardown={planTeardown}
          onStarted={() => setGeneration((g) => g + 1)}
        />
      </div>
      {update ? <EditSpoke spoke={spoke} actions={update} onStarted={() => setGeneration((g) => g + 1)} /> : null}
      {current ? (
        <div className="flex items-center gap-3">
          <span className="w-40 text-sm text-muted">Overall ({current.kind})</span>
          <ProgressBar value={current.progress_percentage} label="Overall progress" />
          <span className="w-12 text-right text-sm tabular-nums">{current.progress_percentage}%</span>
        </div>
      ) : null}
      {chronological.map((d) => (
        <DeploymentSection key={d.id} deployment={d} />
      ))}
      {spoke.status === "completed" ? (
        <DriftCard spokeId={spoke.id} drift={spoke.drift} onStarted={() => setGeneration((g) => g + 1)} />
      ) : null}
      <div className="grid gap-6 xl:grid-cols-2">
        <ResourcesCard spoke={spoke} />
        <ActivityLog spokeId={spokeId} stream={stream} />
      </div>
    </div>
  );
}
