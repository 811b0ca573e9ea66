"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { DeploymentEvent } from "@/lib/ledger/events";
import { spokeKeys } from "@/lib/queries/spokes";
import type { StreamState } from "@/lib/queries/use-spoke-events";

const STREAM_TEXT: Record<StreamState, string> = {
  connecting: "connecting…",
  open: "live",
  closed: "finished",
  error: "disconnected, retrying",
};

/** Every event of the spoke in order, as replayed and then streamed over SSE. */
export function ActivityLog({ spokeId, stream }: { spokeId: string; stream: StreamState }) {
  const { data: events = [] } = useQuery<DeploymentEvent[]>({
    queryKey: spokeKeys.events(spokeId),
    queryFn: () => [],
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const list = useRef<HTMLOListElement>(null);
  // Follow the newest event, as a terminal would.
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [events.length]);
  return (
    <Card>
      <CardHeader
        title="Timeline"
        description={
          <>
            {events.length} events · stream{" "}
            <span
              data-testid="stream-state"
              className={cn("font-medium", stream === "open" && "text-green-700 dark:text-green-400")}
            >
              {STREAM_TEXT[stream]}
            </span>
          </>
        }
      />
      <ol ref={list} className="max-h-96 overflow-y-auto text-xs" aria-label="Timeline" tabIndex={0}>
        {events.map((e) => (
          <li
            key={e.seq}
            className="grid grid-cols-[3rem_6rem_12rem_1fr] gap-2 border-t border-line px-5 py-1.5"
            data-testid="timeline-event"
          >
            <span className="font-mono text-muted">#{e.seq}</span>
            <time className="text-muted" dateTime={e.at}>
              {new Date(e.at).toLocaleTimeString()}
            </time>
            <span
              className={cn(
                "font-mono",
                e.level === "error"
                  ? "text-red-700 dark:text-red-300"
                  : e.level === "warn"
                    ? "text-amber-700 dark:text-amber-300"
                    : "",
              )}
            >
              {e.type}
            </span>
            <span className="break-words">{e.message}</span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
