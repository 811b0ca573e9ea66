import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONE: Record<string, BadgeTone> = {
  completed: "success",
  succeeded: "success",
  rolled_back: "neutral",
  deleted: "neutral",
  skipped: "neutral",
  compensated: "neutral",
  pending: "neutral",
  queued: "neutral",
  in_progress: "info",
  running: "info",
  rolling_back: "warning",
  deleting: "warning",
  failed: "danger",
  rollback_failed: "danger",
  delete_failed: "danger",
  canceled: "warning",
};

export const RUNNING_SPOKE_STATUSES = ["pending", "in_progress", "rolling_back", "deleting"];

export function statusText(status: string) {
  return status.replace(/_/g, " ");
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={TONE[status] ?? "neutral"}>
      {RUNNING_SPOKE_STATUSES.includes(status) || status === "running" ? (
        <span aria-hidden className="mr-1.5 inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-current" />
      ) : null}
      {statusText(status)}
    </Badge>
  );
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return "–";
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function formatAge(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d`;
}
