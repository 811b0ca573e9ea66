"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { ProgressBar } from "@/components/ui/progress";
import { Select } from "@/components/ui/select";
import { EmptyRow, TableHead, columnCount } from "@/components/ui/table";
import { SPOKE_STATUSES } from "@/lib/ledger/status";
import { spokeListQuery, spokeProgressQuery } from "@/lib/queries/spokes";
import { QueueBadge } from "./queue-badge";
import { DriftBadge } from "./drift-badge";
import { RUNNING_SPOKE_STATUSES, StatusBadge, statusText } from "./status-badge";

export function SpokeList({ showOwner }: { showOwner: boolean }) {
  const { data, error, isPending } = useQuery({
    ...spokeListQuery({}),
    refetchInterval: (q) =>
      q.state.data?.spokes.some((s) => RUNNING_SPOKE_STATUSES.includes(s.status)) ? 2_000 : 15_000,
  });
  const [status, setStatus] = useState("");
  const [search, setSearch] = useState("");
  const running = data?.spokes.filter((s) => RUNNING_SPOKE_STATUSES.includes(s.status)) ?? [];
  const progress = useQueries({
    queries: running.map((s) => ({ ...spokeProgressQuery(s.id), refetchInterval: 1_500 })),
  });
  const progressById = new Map(running.map((s, i) => [s.id, progress[i]?.data?.progress_percentage ?? 0]));
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (data?.spokes ?? []).filter(
      (s) => (!status || s.status === status) && (!q || s.client_name.includes(q) || String(s.spoke_id) === q),
    );
  }, [data, status, search]);

  const columns = ["#", "Client", "Address space", "Status", showOwner ? "Owner" : null, "VM size", "Created"];

  if (isPending) return <Card className="p-6 text-sm text-muted">Loading spokes…</Card>;
  if (error)
    return (
      <Card role="alert" className="p-6 text-sm text-red-700 dark:text-red-300">
        Could not load spokes: {error.message}
      </Card>
    );
  if (data.spokes.length === 0) {
    return (
      <Card className="flex flex-col items-center gap-3 px-6 py-16 text-center">
        <h2 className="text-lg font-semibold">No spokes yet</h2>
        <p className="max-w-md text-sm text-muted">
          A spoke is an isolated VNet with four subnets, an Ubuntu VM, two-way peering with the hub and a route on the
          hub&apos;s Application Gateway. You review a plan of everything before anything is created.
        </p>
        <Link href="/spokes/new" className={buttonClass("primary")}>
          Create your first spoke
        </Link>
      </Card>
    );
  }
  return (
    <Card className="overflow-hidden">
      <div className="flex flex-wrap items-end gap-3 border-b border-line p-4">
        <div className="space-y-1">
          <label htmlFor="spoke-search" className="block text-xs font-medium text-muted">
            Search
          </label>
          <Input
            id="spoke-search"
            type="search"
            placeholder="Client name or number"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="w-64"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="spoke-status" className="block text-xs font-medium text-muted">
            Status
          </label>
          <Select id="spoke-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All statuses</option>
            {SPOKE_STATUSES.filter((s) => s !== "deleted").map((s) => (
              <option key={s} value={s}>
                {statusText(s)}
              </option>
            ))}
          </Select>
        </div>
        <p className="ml-auto text-sm text-muted" aria-live="polite">
          {rows.length} of {data.spokes.length} spokes
        </p>
      </div>
      <table className="w-full text-left text-sm">
        <TableHead columns={columns} />
        <tbody>
          {rows.map((s) => (
            <tr key={s.id} className="border-t border-line hover:bg-surface-2/60">
              <td className="px-4 py-3 font-mono">{s.spoke_id}</td>
              <td className="px-4 py-3 font-medium">
                <Link href={`/spokes/${s.id}`} className="text-accent hover:underline">
                  {s.client_name}
                </Link>
              </td>
              <td className="px-4 py-3 font-mono">{s.address_prefix}</td>
              <td className="px-4 py-3">
                <div className="flex items-center gap-3">
                  <StatusBadge status={s.status} />
                  <QueueBadge queue={s.queue} />
                  {s.drift && s.drift.status !== "unknown" ? (
                    <DriftBadge status={s.drift.status} count={s.drift.differences.length} />
                  ) : null}
                  {progressById.has(s.id) ? (
                    <ProgressBar
                      value={progressById.get(s.id) ?? 0}
                      label={`Progress of ${s.client_name}`}
                      className="w-28"
                    />
                  ) : null}
                </div>
              </td>
              {showOwner ? <td className="px-4 py-3">{s.owner.email}</td> : null}
              <td className="px-4 py-3 font-mono text-xs">{s.vm_size}</td>
              <td className="px-4 py-3 text-muted">{new Date(s.created_at).toLocaleString()}</td>
            </tr>
          ))}
          {rows.length === 0 ? <EmptyRow span={columnCount(columns)}>No spoke matches these filters.</EmptyRow> : null}
        </tbody>
      </table>
    </Card>
  );
}
