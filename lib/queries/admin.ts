import { queryOptions } from "@tanstack/react-query";
import type { AuditRow } from "@/lib/admin/audit-log";
import type { CleanupReportRow } from "@/lib/admin/cleanup-reports";
import type { HubStatus } from "@/lib/admin/hub-status";
import { fetchJson } from "./fetch-json";

export type { AuditRow, CleanupReportRow, HubStatus };

export interface AuditFilter {
  action?: string;
  actor?: string;
  outcome?: string;
}

export const adminKeys = {
  hub: ["admin", "hub"] as const,
  audit: (f: AuditFilter) => ["admin", "audit", f] as const,
  cleanup: ["admin", "cleanup-reports"] as const,
};

export function hubStatusQuery() {
  return queryOptions({ queryKey: adminKeys.hub, queryFn: () => fetchJson<HubStatus>("/api/admin/hub"), refetchInterval: 5_000 });
}

export function auditLogQuery(filter: AuditFilter) {
  const qs = new URLSearchParams(Object.entries(filter).filter(([, v]) => Boolean(v)) as [string, string][]);
  qs.set("limit", "50");
  return queryOptions({ queryKey: adminKeys.audit(filter), queryFn: () => fetchJson<AuditRow[]>(`/api/admin/audit?${qs}`) });
}

export function cleanupReportsQuery() {
  return queryOptions({ queryKey: adminKeys.cleanup, queryFn: () => fetchJson<CleanupReportRow[]>("/api/admin/cleanup-reports"), refetchInterval: 5_000 });
}
