import { queryOptions } from "@tanstack/react-query";
import type { AuditRow } from "@/lib/admin/audit-log";
import type { CleanupReportRow } from "@/lib/admin/cleanup-reports";
import type { HubStatus } from "@/lib/admin/hub-status";
import type { HubBootstrapView } from "@/lib/hub/bootstrap";
import type { DoctorReport } from "@/lib/hub/doctor";
import type { OrphanReportView } from "@/lib/sweep/verbs";
import type { CleanupReport as OrphanCleanupReport } from "@/lib/sweep/cleanup";
import { fetchJson } from "./fetch-json";

export type {
  AuditRow,
  CleanupReportRow,
  DoctorReport,
  HubBootstrapView,
  HubStatus,
  OrphanCleanupReport,
  OrphanReportView,
};

export interface AuditFilter {
  action?: string;
  actor?: string;
  outcome?: string;
}

export const adminKeys = {
  hub: ["admin", "hub"] as const,
  audit: (f: AuditFilter) => ["admin", "audit", f] as const,
  cleanup: ["admin", "cleanup-reports"] as const,
  bootstrap: ["admin", "hub", "bootstrap"] as const,
  doctor: ["admin", "hub", "doctor"] as const,
  orphans: ["admin", "orphans"] as const,
};

/** The orphan report reads Azure (3 reads) and is stored: fetched when the card opens and on Scan, never polled. */
export function orphansQuery() {
  return queryOptions({
    queryKey: adminKeys.orphans,
    queryFn: () => fetchJson<OrphanReportView>("/api/admin/orphans"),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function cleanupOrphans(body: { ids: string[] } | { all: true }) {
  return fetchJson<OrphanCleanupReport & { sweep_id: string }>("/api/admin/orphans/cleanup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export function hubStatusQuery() {
  return queryOptions({
    queryKey: adminKeys.hub,
    queryFn: () => fetchJson<HubStatus>("/api/admin/hub"),
    refetchInterval: 5_000,
  });
}

export function auditLogQuery(filter: AuditFilter) {
  const qs = new URLSearchParams(Object.entries(filter).filter(([, v]) => Boolean(v)) as [string, string][]);
  qs.set("limit", "50");
  return queryOptions({
    queryKey: adminKeys.audit(filter),
    queryFn: () => fetchJson<AuditRow[]>(`/api/admin/audit?${qs}`),
  });
}

export function cleanupReportsQuery() {
  return queryOptions({
    queryKey: adminKeys.cleanup,
    queryFn: () => fetchJson<CleanupReportRow[]>("/api/admin/cleanup-reports"),
    refetchInterval: 5_000,
  });
}

const RUNNING = new Set(["queued", "running"]);

/** The latest hub bootstrap; polled every second while it runs, so its steps and events show live. */
export function hubBootstrapQuery() {
  return queryOptions({
    queryKey: adminKeys.bootstrap,
    queryFn: () => fetchJson<HubBootstrapView | null>("/api/admin/hub/bootstrap"),
    refetchInterval: (q) => (q.state.data && RUNNING.has(q.state.data.status) ? 1_000 : false),
  });
}

export function startHubBootstrap() {
  return fetchJson<HubBootstrapView>("/api/admin/hub/bootstrap", { method: "POST" });
}

export function doctorQuery() {
  return queryOptions({
    queryKey: adminKeys.doctor,
    queryFn: () => fetchJson<DoctorReport>("/api/admin/hub/doctor"),
    staleTime: 30_000,
  });
}
