"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { EVENT_TYPES, type DeploymentEvent } from "@/lib/ledger/events";
import type { StepStatus } from "@/lib/ledger/status";
import { spokeKeys, type SpokeDetail } from "./spokes";

export type StreamState = "connecting" | "open" | "closed" | "error";

const STEP_STATUS: Partial<Record<DeploymentEvent["type"], StepStatus>> = {
  "step.started": "running",
  "step.retrying": "running",
  "step.succeeded": "succeeded",
  "step.failed": "failed",
  "step.skipped": "skipped",
  "step.compensated": "compensated",
};

/** Optimistic fold of one event into the cached spoke; the refetch that follows makes it exact. */
export function applyEvent(d: SpokeDetail, ev: DeploymentEvent): SpokeDetail {
  const status = STEP_STATUS[ev.type];
  if (!status || !ev.step || !ev.deploymentId) return d;
  const fold = (dep: SpokeDetail["deployments"][number]) =>
    dep.id !== ev.deploymentId
      ? dep
      : {
          ...dep,
          status: dep.status === "queued" ? "running" : dep.status,
          steps: dep.steps.map((s) => {
            if (s.key !== ev.step) return s;
            const err = (ev.data as { error?: { code: string; class: string; message: string } }).error;
            return {
              ...s,
              status,
              attempts: Math.max(s.attempts, ev.attempt ?? 0),
              started_at: s.started_at ?? (status === "running" ? ev.at : null),
              completed_at: status === "running" ? null : ev.at,
              error_code: err?.code ?? (status === "succeeded" ? null : s.error_code),
              error_class: err?.class ?? (status === "succeeded" ? null : s.error_class),
              error_message: err?.message ?? (status === "succeeded" ? null : s.error_message),
            };
          }),
        };
  const deployments = d.deployments.map(fold);
  return { ...d, deployments, deployment: deployments[0] ?? d.deployment };
}

function mergeEvents(prev: DeploymentEvent[] | undefined, ev: DeploymentEvent): DeploymentEvent[] {
  const list = prev ?? [];
  if (list.some((p) => p.seq === ev.seq)) return list;
  const last = list.at(-1);
  return last && last.seq > ev.seq ? [...list, ev].sort((a, b) => a.seq - b.seq) : [...list, ev];
}

/**
 * Follow a spoke's SSE stream: every event lands in the query cache (the timeline) and refreshes
 * the spoke query. EventSource reconnects by itself with Last-Event-ID; `generation` reopens the
 * stream after the server closed it (a new deployment was started from this page).
 */
export function useSpokeEvents(spokeId: string, generation = 0): StreamState {
  const qc = useQueryClient();
  const [state, setState] = useState<StreamState>("connecting");
  useEffect(() => {
    const known = qc.getQueryData<DeploymentEvent[]>(spokeKeys.events(spokeId));
    const after = known?.at(-1)?.seq;
    const url = `/api/spokes/${encodeURIComponent(spokeId)}/events${after ? `?last_event_id=${after}` : ""}`;
    const es = new EventSource(url);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let liveTimer: ReturnType<typeof setTimeout> | undefined;
    const invalidate = () => {
      void qc.invalidateQueries({ queryKey: spokeKeys.detail(spokeId) });
      void qc.invalidateQueries({ queryKey: spokeKeys.list({}) });
    };
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(invalidate, 200);
      // The live Azure view costs several ARM reads: at most one refresh per burst of events.
      liveTimer ??= setTimeout(() => {
        liveTimer = undefined;
        void qc.invalidateQueries({ queryKey: spokeKeys.live(spokeId) });
      }, 1_500);
    };
    const onEvent = (msg: MessageEvent<string>) => {
      let ev: DeploymentEvent;
      try {
        ev = JSON.parse(msg.data) as DeploymentEvent;
      } catch {
        return;
      }
      qc.setQueryData<DeploymentEvent[]>(spokeKeys.events(spokeId), (prev) => mergeEvents(prev, ev));
      qc.setQueryData<SpokeDetail>(spokeKeys.detail(spokeId), (d) => (d ? applyEvent(d, ev) : d));
      refresh();
    };
    for (const type of EVENT_TYPES) es.addEventListener(type, onEvent as EventListener);
    es.addEventListener("end", () => {
      es.close();
      setState("closed");
      clearTimeout(timer);
      invalidate();
      void qc.invalidateQueries({ queryKey: spokeKeys.live(spokeId) });
    });
    es.onopen = () => setState("open");
    es.onerror = () => setState(es.readyState === EventSource.CLOSED ? "error" : "connecting");
    return () => {
      clearTimeout(timer);
      clearTimeout(liveTimer);
      es.close();
    };
  }, [qc, spokeId, generation]);
  return state;
}
