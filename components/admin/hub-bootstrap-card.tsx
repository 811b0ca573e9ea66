"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { StatusBadge } from "@/components/spokes/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { adminKeys, hubBootstrapQuery, startHubBootstrap, type HubBootstrapView } from "@/lib/queries/admin";

type Report = { created: string[]; existing: string[]; differences: { resource: string; difference: string }[] };

function Steps({ run }: { run: HubBootstrapView }) {
  return (
    <ol className="space-y-1 text-sm" aria-label="Bootstrap steps">
      {run.steps.map((s) => {
        const out = s.outputs as { action?: string; differences?: string[] } | null;
        return (
          <li
            key={s.key}
            className="flex flex-wrap items-center gap-2"
            data-testid={`hub-step-${s.key}`}
            data-status={s.status}
          >
            <StatusBadge status={s.status} />
            <span className="font-medium">{s.label}</span>
            {out?.action ? (
              <span className="text-muted">{out.action === "created" ? "created" : "already there"}</span>
            ) : null}
            {out?.differences?.length ? <Badge tone="warning">differs: {out.differences.join("; ")}</Badge> : null}
            {s.error ? (
              <span className="text-red-700 dark:text-red-300">
                {s.error.code}: {s.error.message}
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function Summary({ run }: { run: HubBootstrapView }) {
  const r = run.report as Report | null;
  if (!r) return null;
  return (
    <p className="text-sm" data-testid="hub-bootstrap-summary">
      {r.created.length ? `Created: ${r.created.join(", ")}.` : "Nothing was missing: no change made."}
      {r.differences.length ? ` ${r.differences.length} existing resource difference(s) left as they are.` : ""}
    </p>
  );
}

export function HubBootstrapCard() {
  const qc = useQueryClient();
  const { data: run } = useQuery(hubBootstrapQuery());
  const start = useMutation({
    mutationFn: startHubBootstrap,
    onSuccess: (view) => {
      qc.setQueryData(adminKeys.bootstrap, view);
      void qc.invalidateQueries({ queryKey: adminKeys.doctor });
    },
  });
  const running = run?.status === "queued" || run?.status === "running";
  return (
    <Card data-testid="hub-bootstrap-card">
      <CardHeader
        title="Hub bootstrap"
        description="Creates what is missing of the hub: resource group, VNet and subnets, public IP, Application Gateway with its defaults. Existing resources are never changed; differences are reported."
        actions={
          <Button
            className="shrink-0 whitespace-nowrap"
            onClick={() => start.mutate()}
            disabled={running || start.isPending}
          >
            {running ? "Bootstrapping…" : "Bootstrap hub"}
          </Button>
        }
      />
      <div className="space-y-3 p-5">
        {start.error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {start.error.message}
          </p>
        ) : null}
        {!run ? (
          <p className="text-sm text-muted">No bootstrap has run yet.</p>
        ) : (
          <>
            <div
              className="flex flex-wrap items-center gap-2 text-sm"
              data-testid="hub-bootstrap-status"
              data-status={run.status}
            >
              <span className="font-medium">Latest run</span>
              <StatusBadge status={run.status} />
              <span className="text-muted">
                via {run.requested_via} · {new Date(run.created_at).toLocaleString()}
              </span>
            </div>
            <Steps run={run} />
            <Summary run={run} />
            <details className="text-sm" open={running}>
              <summary className="cursor-pointer text-muted">Events ({run.events.length})</summary>
              <ul
                className="mt-2 max-h-64 space-y-0.5 overflow-auto font-mono text-xs"
                data-testid="hub-bootstrap-events"
              >
                {run.events.map((e) => (
                  <li
                    key={e.seq}
                    className={
                      e.level === "error"
                        ? "text-red-700 dark:text-red-300"
                        : e.level === "warn"
                          ? "text-amber-800 dark:text-amber-200"
                          : ""
                    }
                  >
                    {new Date(e.at).toLocaleTimeString()} {e.message}
                  </li>
                ))}
              </ul>
            </details>
          </>
        )}
      </div>
    </Card>
  );
}
