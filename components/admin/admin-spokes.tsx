"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useTransition } from "react";
import { StatusBadge, formatAge } from "@/components/spokes/status-badge";
import {
  plansLoading,
  TeardownPlanView,
  useTeardownPlans,
  type TeardownPlanAction,
} from "@/components/spokes/teardown-plan-view";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyRow, TableHead } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/http/action-result";
import { adminKeys } from "@/lib/queries/admin";
import { spokeKeys, spokeListQuery } from "@/lib/queries/spokes";

export type TeardownResult = { id: string; ok: boolean; message: string }[];
/** `confirm`: with one spoke selected, its typed client name (the server checks it too). */
type TeardownAction = (ids: string[], confirm?: string) => Promise<ActionResult<TeardownResult>>;
/** Plans are read for at most this many selected spokes (each is seven ARM reads and counts against the plan limit). */
const MAX_PLANS = 5;

const BUSY = ["pending", "in_progress", "rolling_back", "deleting"];

const COLUMNS = [
  <span key="select" className="sr-only">
    Select
  </span>,
  "#",
  "Client",
  "Owner",
  "Status",
  "Address space",
  "Age",
];

export function AdminSpokes({
  teardownAction,
  planAction,
}: {
  teardownAction: TeardownAction;
  planAction?: TeardownPlanAction;
}) {
  const qc = useQueryClient();
  const toast = useToast();
  const { data } = useQuery({ ...spokeListQuery({}), refetchInterval: 3_000 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState(false);
  const [pending, start] = useTransition();
  const spokes = data?.spokes ?? [];
  const chosen = spokes.filter((s) => selected.has(s.id));
  const expected = chosen.length === 1 ? chosen[0]!.client_name : `tear down ${chosen.length} spokes`;
  const planned = chosen.slice(0, MAX_PLANS);
  const plans = useTeardownPlans(
    confirm,
    planned.map((s) => s.id),
    planAction,
  );
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const run = () =>
    start(async () => {
      const result = await teardownAction(
        chosen.map((s) => s.id),
        chosen.length === 1 ? chosen[0]!.client_name : undefined,
      );
      setConfirm(false);
      setSelected(new Set());
      if (!result.ok) return toast({ tone: "error", title: "Teardown refused", description: result.message });
      const failed = result.data.filter((r) => !r.ok);
      if (failed.length)
        toast({
          tone: "error",
          title: `${failed.length} teardown(s) refused`,
          description: failed.map((f) => f.message).join("; "),
        });
      const started = result.data.length - failed.length;
      if (started)
        toast({
          tone: "success",
          title: `Teardown started for ${started} spoke${started > 1 ? "s" : ""}`,
          description: "The cleanup report appears below when each finishes.",
        });
      void qc.invalidateQueries({ queryKey: spokeKeys.all });
      void qc.invalidateQueries({ queryKey: adminKeys.cleanup });
    });
  return (
    <Card>
      <CardHeader
        title="All spokes"
        description="Every live spoke on the hub, with its owner. Select one or several to tear them down."
        actions={
          <Button variant="danger" disabled={!chosen.length || pending} onClick={() => setConfirm(true)}>
            Tear down selected ({chosen.length})
          </Button>
        }
      />
      <table className="w-full text-sm">
        <TableHead columns={COLUMNS} />
        <tbody>
          {spokes.map((s) => (
            <tr key={s.id} className="border-t border-line">
              <td className="w-10 px-4 py-2">
                <input
                  type="checkbox"
                  className="h-4 w-4"
                  checked={selected.has(s.id)}
                  onChange={() => toggle(s.id)}
                  disabled={BUSY.includes(s.status)}
                  aria-label={`Select ${s.client_name}`}
                />
              </td>
              <td className="px-4 py-2 font-mono">{s.spoke_id}</td>
              <td className="px-4 py-2">
                <Link href={`/spokes/${s.id}`} className="font-medium text-accent hover:underline">
                  {s.client_name}
                </Link>
              </td>
              <td className="px-4 py-2">{s.owner.email}</td>
              <td className="px-4 py-2">
                <StatusBadge status={s.status} />
              </td>
              <td className="px-4 py-2 font-mono text-xs">{s.address_prefix}</td>
              <td className="px-4 py-2 text-muted" title={new Date(s.created_at).toLocaleString()}>
                {formatAge(s.created_at)}
              </td>
            </tr>
          ))}
          {spokes.length === 0 ? <EmptyRow span={COLUMNS.length}>No live spokes.</EmptyRow> : null}
        </tbody>
      </table>
      <ConfirmDialog
        open={confirm}
        title={chosen.length === 1 ? `Tear down spoke ${chosen[0]!.spoke_id}?` : `Tear down ${chosen.length} spokes?`}
        description={
          <div className="space-y-3">
            <p>
              Deletes every Azure resource of {chosen.map((s) => `${s.client_name} (${s.owner.email})`).join(", ")} and
              verifies nothing is left. The owners see it happen on their spoke pages.
            </p>
            {planned.map((s) => (
              <div key={s.id} className="space-y-1">
                {planned.length > 1 ? (
                  <h3 className="font-medium text-fg">
                    Spoke {s.spoke_id} · {s.client_name}
                  </h3>
                ) : null}
                <TeardownPlanView state={plans[s.id]} />
              </div>
            ))}
            {chosen.length > planned.length ? (
              <p>Plans are shown for the first {MAX_PLANS}; the others are torn down the same way.</p>
            ) : null}
          </div>
        }
        expected={expected}
        confirmLabel="Tear down"
        pending={pending}
        blocked={plansLoading(plans)}
        wide={Boolean(planAction)}
        onConfirm={run}
        onClose={() => setConfirm(false)}
      />
    </Card>
  );
}
