"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { adminKeys, cleanupOrphans, orphansQuery, type OrphanCleanupReport } from "@/lib/queries/admin";

const CATEGORY: Record<string, string> = {
  resource: "resource",
  hub_peering: "hub peering",
  gateway_entry: "gateway entry",
};

function CleanupResult({ report }: { report: OrphanCleanupReport }) {
  return (
    <div className="space-y-1 px-5 py-3 text-sm" data-testid="orphan-cleanup-report">
      <p>
        Cleanup {new Date(report.finished_at).toLocaleString()}:{" "}
        <Badge tone={report.verified ? "success" : "danger"}>{report.verified ? "verified" : "not verified"}</Badge>
      </p>
      <ul className="list-disc pl-5 text-muted">
        {report.items.map((i) => (
          <li key={i.id}>
            <span className="font-mono text-xs">{i.name}</span> — {i.outcome}
            {i.error ? ` (${i.error})` : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Admin: what is in Azure but owned by no live spoke, with Clean up (one or all) and the verified outcome. */
export function OrphansCard() {
  const qc = useQueryClient();
  const { data, error, isFetching, refetch } = useQuery(orphansQuery());
  const clean = useMutation({
    mutationFn: cleanupOrphans,
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.orphans }),
  });
  const orphans = data?.orphans ?? [];
  return (
    <Card data-testid="orphans-card">
      <CardHeader
        title="Orphans in Azure"
        description="Resources tagged by this console whose spoke is gone, hub peerings whose remote VNet is gone, and gateway entries with a spoke's naming that no spoke owns. Hub defaults are never listed. Clean up removes exactly what you pick and re-reads Azure to verify."
        actions={
          <div className="flex gap-2">
            <Button size="sm" variant="secondary" disabled={isFetching} onClick={() => void refetch()}>
              {isFetching ? "Scanning…" : "Scan now"}
            </Button>
            <Button
              size="sm"
              variant="danger"
              disabled={!orphans.length || clean.isPending}
              onClick={() => clean.mutate({ ids: orphans.map((o) => o.id) })}
            >
              Clean up all
            </Button>
          </div>
        }
      />
      {error ? (
        <p role="alert" className="px-5 pt-3 text-sm text-red-700 dark:text-red-300">
          {error.message}
        </p>
      ) : null}
      {clean.error ? (
        <p role="alert" className="px-5 pt-3 text-sm text-red-700 dark:text-red-300">
          {clean.error.message}
        </p>
      ) : null}
      <ul className="divide-y divide-line">
        {orphans.map((o) => (
          <li
            key={o.id}
            className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm"
            data-testid={`orphan-${o.name}`}
          >
            <div>
              <span className="font-medium">{o.name}</span> <Badge>{CATEGORY[o.category] ?? o.category}</Badge>
              <p className="text-xs text-muted">
                <span className="font-mono">{o.type}</span> · {o.reason}
              </p>
            </div>
            <Button
              size="sm"
              variant="secondary"
              disabled={clean.isPending}
              onClick={() => clean.mutate({ ids: [o.id] })}
            >
              Clean up
            </Button>
          </li>
        ))}
        {data && !orphans.length ? (
          <li className="px-5 py-6 text-center text-sm text-muted">
            No orphans: everything tagged by this console belongs to a live spoke.
          </li>
        ) : null}
        {!data && !error ? <li className="px-5 py-6 text-center text-sm text-muted">Reading Azure…</li> : null}
      </ul>
      {clean.isPending ? <p className="px-5 py-3 text-sm text-muted">Cleaning up and verifying…</p> : null}
      {clean.data ? (
        <CleanupResult report={clean.data} />
      ) : data?.cleanups[0] ? (
        <CleanupResult report={data.cleanups[0].report} />
      ) : null}
    </Card>
  );
}
