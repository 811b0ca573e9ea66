import { queryOptions } from "@tanstack/react-query";
import type { SpokeListPage } from "@/lib/spokes/present";
import { fetchJson } from "./fetch-json";

export interface SpokeListFilter {
  status?: string;
}

export const spokeKeys = {
  all: ["spokes"] as const,
  list: (f: SpokeListFilter) => ["spokes", "list", f] as const,
};

export function spokeListQuery(filter: SpokeListFilter) {
  const qs = new URLSearchParams({ limit: "200", ...(filter.status ? { status: filter.status } : {}) });
  return queryOptions({
    queryKey: spokeKeys.list(filter),
    queryFn: () => fetchJson<SpokeListPage>(`/api/spokes?${qs}`),
  });
}
