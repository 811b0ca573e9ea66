import { queryOptions } from "@tanstack/react-query";
import type { getProgress, getSpoke, getSpokeLive } from "@/lib/spokes/get-spoke";
import type { SpokeListPage } from "@/lib/spokes/present";
import type { SpokeFormCatalog } from "@/lib/spokes/spoke-form-catalog";
import type { Topology } from "@/lib/spokes/get-topology";
import { fetchJson } from "./fetch-json";

/** The stored record with every deployment and its steps (fast: no Azure call). */
export type SpokeDetail = Awaited<ReturnType<typeof getSpoke>>;
/** The record plus what Azure says now (GET /api/spokes/{id}). */
export type SpokeLive = Awaited<ReturnType<typeof getSpokeLive>>;
export type SpokeProgress = Awaited<ReturnType<typeof getProgress>>;
export type { DeploymentView, StepView } from "@/lib/spokes/get-spoke";
export type { SpokeFormCatalog, VmSizeOption } from "@/lib/spokes/spoke-form-catalog";
export type { Topology, TopologySpoke } from "@/lib/spokes/get-topology";

export interface SpokeListFilter {
  status?: string;
}

/** How often a live page asks for the snapshot (README "Live views"); it never causes an ARM read by itself. */
export const LIVE_POLL_MS = 5_000;

/** One key factory per entity; server components prefetch the same keys. */
export const spokeKeys = {
  all: ["spokes"] as const,
  list: (f: SpokeListFilter) => ["spokes", "list", f] as const,
  detail: (id: string) => ["spokes", "detail", id] as const,
  live: (id: string) => ["spokes", "live", id] as const,
  progress: (id: string) => ["spokes", "progress", id] as const,
  events: (id: string) => ["spokes", "events", id] as const,
  formCatalog: ["catalog", "spoke-form"] as const,
  topology: ["topology"] as const,
};

export function spokeListQuery(filter: SpokeListFilter) {
  const qs = new URLSearchParams({ limit: "200", ...(filter.status ? { status: filter.status } : {}) });
  return queryOptions({
    queryKey: spokeKeys.list(filter),
    queryFn: async (): Promise<SpokeListPage> => ({
      spokes: await fetchJson<SpokeListPage["spokes"]>(`/api/spokes?${qs}`),
      next_cursor: null,
    }),
  });
}

export function spokeDetailQuery(id: string) {
  return queryOptions({
    queryKey: spokeKeys.detail(id),
    queryFn: () => fetchJson<SpokeDetail>(`/api/console/spokes/${encodeURIComponent(id)}`),
  });
}

export function spokeLiveQuery(id: string) {
  // Polling is cheap: answers come from the shared snapshot, which the server re-reads every 10 s at most.
  return queryOptions({
    queryKey: spokeKeys.live(id),
    queryFn: () => fetchJson<SpokeLive>(`/api/spokes/${encodeURIComponent(id)}`),
    refetchInterval: LIVE_POLL_MS,
  });
}

export function spokeProgressQuery(id: string) {
  return queryOptions({
    queryKey: spokeKeys.progress(id),
    queryFn: () => fetchJson<SpokeProgress>(`/api/spokes/${encodeURIComponent(id)}/progress`),
  });
}

export function spokeFormCatalogQuery() {
  return queryOptions({
    queryKey: spokeKeys.formCatalog,
    queryFn: () => fetchJson<SpokeFormCatalog>("/api/catalog/spoke-form"),
    staleTime: 30_000,
  });
}

export function topologyQuery() {
  return queryOptions({
    queryKey: spokeKeys.topology,
    queryFn: () => fetchJson<Topology>("/api/topology"),
    refetchInterval: LIVE_POLL_MS,
  });
}
