"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { DriftCheckResult } from "@/lib/spokes/drift-check";
import type { DriftValue, DriftView } from "@/lib/drift/types";
import { fetchJson } from "@/lib/queries/fetch-json";
import { spokeKeys, spokeLiveQuery } from "@/lib/queries/spokes";
import { DriftBadge } from "./drift-badge";

const show = (v: DriftValue) => (v === null ? "–" : typeof v === "string" ? v : JSON.stringify(v));

/**
 * The spoke's drift: when it was last checked, every difference with the step that re-applies it,
 * and Check now. The periodic checks show up through the live view the Resources card already polls.
 */
export function DriftCard({ spokeId, drift }: { spokeId: string; drift: DriftView }) {
  const qc = useQueryClient();
  const { data: live } = useQuery(spokeLiveQuery(spokeId));
  const check = useMutation({
    mutationFn: () => fetchJson<DriftCheckResult>(`/api/spokes/${encodeURIComponent(spokeId)}/drift-check`, { method: "POST" }),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: spokeKeys.detail(spokeId) }), qc.invalidateQueries({ queryKey: spokeKeys.live(spokeId) })]),
  });
  const candidates = [check.data?.drift, live?.drift, drift].filter((d): d is DriftView => Boolean(d));
  // The newest check wins, whichever answer brought it.
  const at = (d: DriftView) => (d.checked_at ? Date.parse(d.checked_at) : -Infinity);
  const shown = candidates.reduce((a, b) => (at(b) > at(a) ? b : a));
  return (
    <Card data-testid="drift-card">
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            Drift <DriftBadge status={shown.status} count={shown.differences.length} />
          </span>
        }
        description={shown.checked_at ? `Azure compared with the desired state ${new Date(shown.checked_at).toLocaleString()}.` : "Not checked yet: checks run periodically on completed spokes."}
        actions={
          <Button size="sm" variant="secondary" disabled={check.isPending} onClick={() => check.mutate()}>
            {check.isPending ? "Checking…" : "Check now"}
          </Button>
        }
      />
      {check.error ? <p role="alert" className="px-5 pt-3 text-sm text-red-700 dark:text-red-300">{check.error.message}</p> : null}
      {shown.error ? <p className="px-5 pt-3 text-sm text-muted">{shown.error}</p> : null}
      {shown.differences.length ? (
        <div className="overflow-x-auto p-5">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-muted uppercase">
              <tr>
                <th scope="col" className="py-1 pr-4">Resource</th>
                <th scope="col" className="py-1 pr-4">Property</th>
                <th scope="col" className="py-1 pr-4">Expected</th>
                <th scope="col" className="py-1 pr-4">In Azure</th>
                <th scope="col" className="py-1">Repaired by</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {shown.differences.map((d) => (
                <tr key={`${d.resource}|${d.property}`} data-testid="drift-difference">
                  <td className="py-2 pr-4 font-mono text-xs">{d.resource}</td>
                  <td className="py-2 pr-4">{d.property}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{show(d.expected)}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{show(d.actual)}</td>
                  <td className="py-2 font-mono text-xs">{d.step}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : shown.status === "in_sync" ? (
        <p className="px-5 py-4 text-sm text-muted">Azure matches the desired state.</p>
      ) : null}
    </Card>
  );
}
