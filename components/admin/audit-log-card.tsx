"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { EmptyRow, TableHead } from "@/components/ui/table";
import { auditLogQuery, type AuditFilter } from "@/lib/queries/admin";

const ACTIONS = [
  "",
  "spoke.",
  "spoke.create",
  "spoke.teardown",
  "spoke.rollback",
  "spoke.retry",
  "spoke.cancel",
  "auth.",
  "token.",
  "user.",
];

const AUDIT_COLUMNS = ["When", "Actor", "Action", "Outcome", "Details"];

export function AuditLogCard() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const { data = [], isFetching } = useQuery({ ...auditLogQuery(filter), refetchInterval: 5_000 });
  const set = (k: keyof AuditFilter) => (e: { target: { value: string } }) =>
    setFilter((f) => ({ ...f, [k]: e.target.value || undefined }));
  return (
    <Card>
      <CardHeader title="Audit log" description="Every mutation through the console or the API, newest first." />
      <div className="flex flex-wrap items-end gap-3 border-b border-line p-4">
        <div className="space-y-1">
          <label htmlFor="audit-action" className="block text-xs font-medium text-muted">
            Action
          </label>
          <Select id="audit-action" value={filter.action ?? ""} onChange={set("action")}>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a ? (a.endsWith(".") ? `${a}*` : a) : "All actions"}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-actor" className="block text-xs font-medium text-muted">
            Actor email contains
          </label>
          <Input
            id="audit-actor"
            value={filter.actor ?? ""}
            onChange={set("actor")}
            className="w-56"
            placeholder="e.g. alice"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-outcome" className="block text-xs font-medium text-muted">
            Outcome
          </label>
          <Select id="audit-outcome" value={filter.outcome ?? ""} onChange={set("outcome")}>
            <option value="">Any outcome</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </Select>
        </div>
        <span className="ml-auto text-xs text-muted" aria-live="polite">
          {isFetching ? "Refreshing…" : `${data.length} entries`}
        </span>
      </div>
      <div className="max-h-[28rem] overflow-y-auto" tabIndex={0} role="region" aria-label="Audit entries">
        <table className="w-full text-sm">
          <TableHead sticky columns={AUDIT_COLUMNS} />
          <tbody>
            {data.map((e) => (
              <tr key={e.id} className="border-t border-line align-top">
                <td className="px-4 py-2 whitespace-nowrap text-muted">{new Date(e.at).toLocaleString()}</td>
                <td className="px-4 py-2">{e.actor_email ?? "system"}</td>
                <td className="px-4 py-2 font-mono text-xs">{e.action}</td>
                <td className="px-4 py-2">{e.outcome}</td>
                <td className="max-w-md px-4 py-2 font-mono text-xs break-all text-muted">
                  {e.details ? JSON.stringify(e.details) : ""}
                </td>
              </tr>
            ))}
            {data.length === 0 ? <EmptyRow span={AUDIT_COLUMNS.length}>No entries match.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
