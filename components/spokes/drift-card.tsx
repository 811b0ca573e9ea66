"use client";

import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import type { DriftCheckResult } from "@/lib/spokes/drift-check";
import type { RepairResult } from "@/lib/spokes/repair-spoke";
import { repairStepOf, repairSteps, unrepairable, type DriftValue, type DriftView } from "@/lib/drift/types";
import { ApiError, fetchJson } from "@/lib/queries/fetch-json";
import { spokeKeys, spokeLiveQuery } from "@/lib/queries/spokes";
import { DriftBadge } from "./drift-badge";

const show = (v: DriftValue) => (v === null ? "–" : typeof v === "string" ? v : JSON.stringify(v));

/**
 * The spoke's drift: when it was last checked, every difference with the update step that re-applies
 * it, Check now, and — when drifted — Repair with the steps it will run (an update deployment whose
 * timeline then shows like an update's). The periodic checks show up through the live view the
 * Resources card already polls.
 */
/** `onStarted`: a Repair started a deployment (the page re-opens its event stream to follow it). */
export function DriftCard({
  spokeId,
  drift,
  onStarted,
}: {
  spokeId: string;
  drift: DriftView;
  onStarted?: () => void;
}) {
  const qc = useQueryClient();
  const { data: live } = useQuery(spokeLiveQuery(spokeId));
  const check = useMutation({
    mutationFn: () =>
      fetchJson<DriftCheckResult>(`/api/spokes/${encodeURIComponent(spokeId)}/drift-check`, { method: "POST" }),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: spokeKeys.detail(spokeId) }),
        qc.invalidateQueries({ queryKey: spokeKeys.live(spokeId) }),
      ]),
  });
  const [phrase, setPhrase] = useState<string | null>(null);
  const [confirm, setConfirm] = useState("");
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: spokeKeys.detail(spokeId) }),
      qc.invalidateQueries({ queryKey: spokeKeys.live(spokeId) }),
    ]);
  const repair = useMutation({
    mutationFn: (typed: string | null) =>
      fetchJson<RepairResult>(`/api/spokes/${encodeURIComponent(spokeId)}/repair`, {
        method: "POST",
        ...(typed === null
          ? {}
          : { headers: { "content-type": "application/json" }, body: JSON.stringify({ confirm: typed }) }),
      }),
    onError: (err) => {
      const details =
        err instanceof ApiError ? (err.details as { reason?: string; confirm?: string } | undefined) : undefined;
      if (details?.reason === "confirmation_required" && details.confirm) setPhrase(details.confirm);
    },
    onSuccess: (r) => {
      setPhrase(null);
      setConfirm("");
      if (r.deployment_id) onStarted?.();
    },
    onSettled: refresh,
  });
  const candidates = [repair.data?.drift, check.data?.drift, live?.drift, drift].filter((d): d is DriftView =>
    Boolean(d),
  );
  // The newest check wins, whichever answer brought it.
  const at = (d: DriftView) => (d.checked_at ? Date.parse(d.checked_at) : -Infinity);
  const shown = candidates.reduce((a, b) => (at(b) > at(a) ? b : a));
  // A check newer than the record's (the one that follows an update's end comes after its stream
  // closed) refreshes the record, so the page heading's badge follows too.
  const liveAt = live?.drift?.checked_at ?? null;
  useEffect(() => {
    if (liveAt && (!drift.checked_at || Date.parse(liveAt) > Date.parse(drift.checked_at)))
      void qc.invalidateQueries({ queryKey: spokeKeys.detail(spokeId) });
  }, [liveAt, drift.checked_at, qc, spokeId]);
  const steps = repairSteps(shown.differences);
  const left = unrepairable(shown.differences);
  const needsConfirm = phrase !== null && repair.error instanceof ApiError;
  return (
    <Card data-testid="drift-card">
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            Drift <DriftBadge status={shown.status} count={shown.differences.length} />
          </span>
        }
        description={
          shown.checked_at
            ? `Azure compared with the desired state ${new Date(shown.checked_at).toLocaleString()}.`
            : "Not checked yet: checks run periodically on completed spokes."
        }
        actions={
          <Button size="sm" variant="secondary" disabled={check.isPending} onClick={() => check.mutate()}>
            {check.isPending ? "Checking…" : "Check now"}
          </Button>
        }
      />
      {check.error ? (
        <p role="alert" className="px-5 pt-3 text-sm text-red-700 dark:text-red-300">
          {check.error.message}
        </p>
      ) : null}
      {shown.status === "drifted" && steps.length ? (
        <div className="space-y-2 px-5 pt-4" data-testid="drift-repair">
          <div className="flex flex-wrap items-center gap-3">
            <Button
              size="sm"
              variant="primary"
              disabled={repair.isPending || needsConfirm}
              onClick={() => repair.mutate(null)}
            >
              {repair.isPending ? "Starting…" : "Repair"}
            </Button>
            <p className="text-sm text-muted">
              Runs an update deployment forcing{" "}
              <span className="font-mono text-xs" data-testid="drift-repair-steps">
                {steps.join(", ")}
              </span>
              ; every other step is skipped.
            </p>
          </div>
          {left.length ? (
            <p className="text-sm text-muted">
              Not repairable by an update: {left.map((d) => `${d.resource} ${d.property}`).join("; ")}.
            </p>
          ) : null}
          {needsConfirm ? (
            <div className="space-y-2">
              <p role="alert" className="text-sm text-red-700 dark:text-red-300">
                {repair.error?.message}
              </p>
              <label htmlFor="repair-confirm" className="block text-sm font-medium">
                Type <strong>{phrase}</strong> to confirm the repair
              </label>
              <div className="flex flex-wrap items-center gap-2">
                <Input
                  id="repair-confirm"
                  className="max-w-xs"
                  value={confirm}
                  onChange={(e) => setConfirm(e.target.value)}
                  autoComplete="off"
                />
                <Button
                  size="sm"
                  variant="danger"
                  disabled={repair.isPending || confirm !== phrase}
                  onClick={() => repair.mutate(confirm)}
                >
                  Confirm repair
                </Button>
              </div>
            </div>
          ) : repair.error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {repair.error.message}
            </p>
          ) : null}
        </div>
      ) : null}
      {shown.error ? <p className="px-5 pt-3 text-sm text-muted">{shown.error}</p> : null}
      {shown.differences.length ? (
        <div className="overflow-x-auto p-5">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-muted uppercase">
              <tr>
                <th scope="col" className="py-1 pr-4">
                  Resource
                </th>
                <th scope="col" className="py-1 pr-4">
                  Property
                </th>
                <th scope="col" className="py-1 pr-4">
                  Expected
                </th>
                <th scope="col" className="py-1 pr-4">
                  In Azure
                </th>
                <th scope="col" className="py-1">
                  Repaired by
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {shown.differences.map((d) => (
                <tr key={`${d.resource}|${d.property}`} data-testid="drift-difference">
                  <td className="py-2 pr-4 font-mono text-xs">{d.resource}</td>
                  <td className="py-2 pr-4">{d.property}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{show(d.expected)}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{show(d.actual)}</td>
                  <td className="py-2 font-mono text-xs">{repairStepOf(d) ?? "— (not by an update)"}</td>
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
