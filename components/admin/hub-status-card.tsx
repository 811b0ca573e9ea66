"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { LiveStatus } from "@/components/live/live-status";
import { ProgressBar } from "@/components/ui/progress";
import { adminKeys, hubStatusQuery } from "@/lib/queries/admin";
import { spokeKeys } from "@/lib/queries/spokes";

export function HubStatusCard() {
  const { data: h, dataUpdatedAt } = useQuery(hubStatusQuery());
  if (!h) return <Card className="p-6 text-sm text-muted">Loading hub status…</Card>;
  const g = h.gateway;
  return (
    <Card>
      <CardHeader
        title="Hub status"
        description={`${h.vnet_name} and ${h.gateway_name} in ${h.resource_group} (${h.location})`}
        actions={
          <LiveStatus
            live={h.azure.live}
            fetchedAt={dataUpdatedAt}
            refreshUrl="/api/topology/refresh"
            queryKeys={[adminKeys.hub, spokeKeys.topology]}
          />
        }
      />
      <div className="grid gap-6 p-5 md:grid-cols-2">
        <div className="space-y-2 text-sm">
          <h3 className="font-semibold">Gateway writer</h3>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            <dt className="text-muted">Generation</dt>
            <dd data-testid="gateway-generation">
              applied {g.applied_generation} / desired {g.desired_generation}{" "}
              <Badge tone={g.in_sync ? "success" : "warning"}>{g.in_sync ? "in sync" : "applying"}</Badge>
            </dd>
            <dt className="text-muted">Gateway PUTs</dt>
            <dd>{g.put_count}</dd>
            <dt className="text-muted">Last PUT</dt>
            <dd>{g.last_put_at ? new Date(g.last_put_at).toLocaleString() : "never"}</dd>
            <dt className="text-muted">Last error</dt>
            <dd className={g.last_error ? "break-words text-red-700 dark:text-red-300" : ""}>
              {g.last_error ? `${g.last_error_code ?? ""} ${g.last_error}` : "none"}
            </dd>
            <dt className="text-muted">In Azure</dt>
            <dd data-testid="gateway-azure-state">
              {h.azure.provisioning_state ?? "not read yet"}
              {h.azure.operational_state ? ` · ${h.azure.operational_state}` : ""}
              {Object.keys(h.azure.backends).length
                ? ` · backends ${Object.entries(h.azure.backends)
                    .map(([s, n]) => `${n} ${s}`)
                    .join(", ")}`
                : ""}
            </dd>
            <dt className="text-muted">Backend pools</dt>
            <dd data-testid="gateway-pool-room">
              {h.azure.backend_pools.used === null
                ? "not read yet"
                : `${h.azure.backend_pools.used} of ${h.azure.backend_pools.limit} (Azure's limit per gateway; one per spoke)`}
            </dd>
            <dt className="text-muted">Spoke room</dt>
            <dd data-testid="gateway-spoke-room">
              {h.azure.backend_pools.spoke_places === null
                ? "not read yet"
                : `${h.pool.used} live, room for ${Math.max(0, h.azure.backend_pools.spoke_places - h.pool.used)} more (${h.azure.backend_pools.spoke_places} in all)`}
            </dd>
          </dl>
        </div>
        <div className="space-y-2 text-sm">
          <h3 className="font-semibold">Address pool</h3>
          <p>
            <span className="font-mono">{h.pool.address_space}</span> in /{h.pool.prefix_length} blocks: {h.pool.used}{" "}
            of {h.pool.capacity} used, {h.pool.free} free
          </p>
          <ProgressBar value={(h.pool.used / Math.max(1, h.pool.capacity)) * 100} label="Address pool use" />
          <p className="text-muted">
            {Object.entries(h.spokes_by_status)
              .map(([s, n]) => `${n} ${s.replace(/_/g, " ")}`)
              .join(" · ") || "no live spokes"}
          </p>
        </div>
      </div>
    </Card>
  );
}
