"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyRow, TableHead } from "@/components/ui/table";
import { LiveStatus } from "@/components/live/live-status";
import { StatusBadge } from "@/components/spokes/status-badge";
import { spokeKeys, topologyQuery } from "@/lib/queries/spokes";
import { healthColor, peeringColor } from "./colors";

const SPOKE_COLUMNS = ["Spoke", "Status", "Hub → spoke", "Spoke → hub", "Gateway backend"];

// The graph library is large; it loads after the page so the first load stays small.
const TopologyGraph = dynamic(() => import("./topology-graph"), {
  ssr: false,
  loading: () => (
    <div className="flex h-[560px] items-center justify-center text-sm text-muted">Drawing the topology…</div>
  ),
});

function State({ value, color }: { value: string | null | undefined; color: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: color }} />
      {value ?? "absent"}
    </span>
  );
}

export function TopologyView() {
  const { data, error, isPending, dataUpdatedAt } = useQuery(topologyQuery());
  if (isPending) return <Card className="p-6 text-sm text-muted">Reading the hub from Azure…</Card>;
  if (error)
    return (
      <Card role="alert" className="p-6 text-sm text-red-700 dark:text-red-300">
        Could not read the topology: {error.message}
      </Card>
    );
  return (
    <div className="space-y-6">
      {data.azure_error ? (
        <Card role="alert" className="p-4 text-sm text-red-700 dark:text-red-300">
          Azure could not be read: {data.azure_error}
          {data.read_at ? " (showing the previous read)" : ""}
        </Card>
      ) : null}
      <Card className="overflow-hidden">
        <CardHeader
          title="Hub and spokes"
          description={<Legend />}
          actions={
            <LiveStatus
              live={data.live}
              fetchedAt={dataUpdatedAt}
              refreshUrl="/api/topology/refresh"
              queryKeys={[spokeKeys.topology]}
            />
          }
        />
        <TopologyGraph topology={data} />
      </Card>
      <Card>
        <CardHeader
          title="Peerings and backend health"
          description="Both peering directions of every spoke you can see, and the gateway's view of its VM."
        />
        <table className="w-full text-sm">
          <TableHead columns={SPOKE_COLUMNS} />
          <tbody>
            {data.spokes.map((s) => (
              <tr key={s.id} className="border-t border-line" data-testid={`topology-row-${s.client_name}`}>
                <td className="px-4 py-2">
                  <Link href={`/spokes/${s.id}`} className="font-medium text-accent hover:underline">
                    {s.client_name}
                  </Link>
                  <span className="ml-2 font-mono text-xs text-muted">
                    #{s.spoke_id} {s.address_prefix}
                  </span>
                </td>
                <td className="px-4 py-2">
                  <StatusBadge status={s.status} />
                </td>
                <td className="px-4 py-2">
                  <State value={s.hub_to_spoke?.state} color={peeringColor(s.hub_to_spoke?.state)} />
                </td>
                <td className="px-4 py-2">
                  <State value={s.spoke_to_hub?.state} color={peeringColor(s.spoke_to_hub?.state)} />
                </td>
                <td className="px-4 py-2">
                  <State value={s.backend_health ?? "n/a"} color={healthColor(s.backend_health)} />{" "}
                  <span className="font-mono text-xs text-muted">{s.backend_address}</span>
                </td>
              </tr>
            ))}
            {data.spokes.length === 0 ? (
              <EmptyRow span={SPOKE_COLUMNS.length}>
                No spokes yet.{" "}
                <Link href="/spokes/new" className="text-accent hover:underline">
                  Create one
                </Link>
                .
              </EmptyRow>
            ) : null}
          </tbody>
        </table>
      </Card>
    </div>
  );
}

function Legend() {
  return (
    <span className="inline-flex flex-wrap gap-3 align-middle">
      {(["Connected", "Initiated", "Disconnected"] as const).map((s) => (
        <State key={s} value={s} color={peeringColor(s)} />
      ))}
    </span>
  );
}
