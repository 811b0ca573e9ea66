"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { CleanupReport } from "@/components/spokes/cleanup-report";
import { StatusBadge } from "@/components/spokes/status-badge";
import { Card, CardHeader } from "@/components/ui/card";
import { cleanupReportsQuery } from "@/lib/queries/admin";

export function CleanupReportsCard() {
  const { data = [] } = useQuery(cleanupReportsQuery());
  return (
    <Card>
      <CardHeader
        title="Cleanup reports"
        description="The latest teardowns and rollbacks, with what verify_cleanup found."
      />
      <ul className="divide-y divide-line">
        {data.map((r) => (
          <li key={r.deployment_id} className="space-y-2 px-5 py-4" data-testid={`cleanup-${r.spoke.client_name}`}>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium capitalize">{r.kind}</span>
              <span>of</span>
              <Link href={`/spokes/${r.spoke.id}`} className="font-medium text-accent hover:underline">
                {r.spoke.client_name}
              </Link>
              <span className="text-muted">
                #{r.spoke.spoke_id} · {r.spoke.owner_email}
              </span>
              <StatusBadge status={r.status} />
              {r.finished_at ? (
                <span className="text-xs text-muted">{new Date(r.finished_at).toLocaleString()}</span>
              ) : null}
            </div>
            {r.report ? (
              <CleanupReport report={r.report} />
            ) : (
              <p className="text-sm text-muted">No report yet: the run has not reached verify_cleanup.</p>
            )}
          </li>
        ))}
        {data.length === 0 ? (
          <li className="px-5 py-8 text-center text-sm text-muted">No teardown or rollback yet.</li>
        ) : null}
      </ul>
    </Card>
  );
}
