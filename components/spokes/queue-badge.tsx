import { Badge } from "@/components/ui/badge";
import type { QueueView } from "@/lib/orchestrator/admission";

/**
 * "Waiting for Azure capacity · #3": a queued create or update held back by admission because the
 * subscription's ARM request budget carries no more concurrent deployments (README "ARM throttling
 * and the request budget"). Nothing when the deployment is not waiting.
 */
export function QueueBadge({ queue }: { queue: QueueView | null | undefined }) {
  if (!queue) return null;
  return (
    <span data-testid="queue-state" title={`Waiting since ${new Date(queue.since).toLocaleTimeString()}`}>
      <Badge tone="warning">waiting for Azure capacity · #{queue.position}</Badge>
    </span>
  );
}
