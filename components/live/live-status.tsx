"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import type { LiveMeta } from "@/lib/live/engine";
import { fetchJson } from "@/lib/queries/fetch-json";

/** Seconds since the snapshot was read, counted on from the server's `age_s` (no clock-skew guess). */
function useAge(live: LiveMeta, fetchedAt: number): number | null {
  const [now, setNow] = useState(fetchedAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  if (live.age_s === null) return null;
  return live.age_s + Math.max(0, Math.round((now - fetchedAt) / 1000));
}

function ageText(s: number): string {
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * "read 12 s ago" and a Refresh button for a view served from a shared live snapshot. Refresh asks
 * the server to read again (one read for all viewers); the answer shows up on the next poll.
 */
export function LiveStatus({
  live,
  fetchedAt,
  refreshUrl,
  queryKeys,
}: {
  live: LiveMeta;
  fetchedAt: number;
  refreshUrl: string;
  queryKeys: QueryKey[];
}) {
  const age = useAge(live, fetchedAt);
  const client = useQueryClient();
  const refresh = useMutation({
    mutationFn: () => fetchJson<{ min_interval_s: number }>(refreshUrl, { method: "POST" }),
    // The read runs in the background; look again once it has had time to finish.
    onSuccess: () =>
      setTimeout(() => queryKeys.forEach((queryKey) => void client.invalidateQueries({ queryKey })), 1_500),
  });
  const reading = live.refreshing || refresh.isPending;
  return (
    <span className="inline-flex flex-wrap items-center gap-2" data-testid="live-status">
      <span aria-live="polite">
        {age === null ? "reading from Azure…" : `read ${ageText(age)} ago`}
        {reading && age !== null ? " · reading…" : ""}
      </span>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => refresh.mutate()}
        disabled={refresh.isPending}
        aria-label="Refresh from Azure"
      >
        Refresh
      </Button>
      {refresh.error ? (
        <span role="alert" className="text-red-700 dark:text-red-300">
          {refresh.error.message}
        </span>
      ) : null}
    </span>
  );
}
