import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { DriftStatus } from "@/lib/drift/types";

const TONE: Record<DriftStatus, BadgeTone> = { in_sync: "success", drifted: "warning", unknown: "neutral" };
const TEXT: Record<DriftStatus, string> = { in_sync: "in sync", drifted: "drifted", unknown: "drift unknown" };

/** The last drift check's outcome (README "Drift and orphan sweep"). */
export function DriftBadge({ status, count }: { status: DriftStatus; count?: number }) {
  return (
    <span data-testid="drift-badge" data-drift={status}>
      <Badge tone={TONE[status]}>
        {TEXT[status]}
        {status === "drifted" && count ? ` (${count})` : ""}
      </Badge>
    </span>
  );
}
