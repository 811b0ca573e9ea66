"use client";

import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import Link from "next/link";
import { useMemo } from "react";
import type { Topology, TopologySpoke } from "@/lib/queries/spokes";
import { DriftBadge } from "@/components/spokes/drift-badge";
import { StatusBadge } from "@/components/spokes/status-badge";
import { healthColor, peeringColor } from "./colors";

type HubData = { hub: Topology["hub"] };
type GatewayData = { gateway: NonNullable<Topology["gateway"]> };
type SpokeData = { spoke: TopologySpoke };

const box = "rounded-lg border border-line bg-surface px-3 py-2 text-xs text-fg shadow-sm";

function HubNode({ data }: NodeProps<Node<HubData>>) {
  return (
    <div className={`${box} w-56 border-2 border-accent`}>
      <p className="text-[10px] font-semibold tracking-wide text-muted uppercase">Hub VNet</p>
      <p className="font-mono text-sm font-semibold">{data.hub.vnet_name}</p>
      <p className="font-mono">{data.hub.address_prefixes.join(", ") || "–"}</p>
      <p className="text-muted">
        {data.hub.resource_group} · {data.hub.location}
      </p>
      <Handle type="source" position={Position.Right} id="out" style={{ top: "35%" }} />
      <Handle type="target" position={Position.Right} id="in" style={{ top: "70%" }} />
      <Handle type="target" position={Position.Top} id="gw" />
    </div>
  );
}

function Entries({ title, items }: { title: string; items: { name: string; detail: string }[] }) {
  return (
    <div>
      <p className="mt-1 font-semibold">
        {title} ({items.length})
      </p>
      <ul className="font-mono text-[11px]">
        {items.slice(0, 5).map((i) => (
          <li key={i.name} className="truncate">
            {i.name} <span className="text-muted">{i.detail}</span>
          </li>
        ))}
        {items.length > 5 ? <li className="text-muted">+{items.length - 5} more</li> : null}
      </ul>
    </div>
  );
}

function GatewayNode({ data }: NodeProps<Node<GatewayData>>) {
  const g = data.gateway;
  return (
    <div className={`${box} w-72`}>
      <p className="text-[10px] font-semibold tracking-wide text-muted uppercase">Application Gateway</p>
      <p className="font-mono text-sm font-semibold">{g.name}</p>
      <p className="text-muted">
        {g.sku ?? ""} · {g.operational_state ?? g.provisioning_state ?? "?"}
      </p>
      <Entries title="Backend pools" items={g.pools} />
      <Entries title="Listeners" items={g.listeners} />
      <Entries title="Rules" items={g.rules} />
      <Handle type="source" position={Position.Right} id="backend" />
      <Handle type="source" position={Position.Bottom} id="hub" />
    </div>
  );
}

function SpokeNode({ data }: NodeProps<Node<SpokeData>>) {
  const s = data.spoke;
  return (
    <div className={`${box} w-64`}>
      <Handle type="target" position={Position.Left} id="gw" style={{ top: "15%" }} />
      <Handle type="target" position={Position.Left} id="in" style={{ top: "50%" }} />
      <Handle type="source" position={Position.Left} id="out" style={{ top: "85%" }} />
      <div className="flex items-center justify-between gap-2">
        <Link href={`/spokes/${s.id}`} className="truncate font-semibold text-accent hover:underline">
          {s.client_name}
        </Link>
        <span className="flex items-center gap-1">
          <StatusBadge status={s.status} />
          {s.drift_status !== "unknown" ? <DriftBadge status={s.drift_status} /> : null}
        </span>
      </div>
      <p className="font-mono">
        #{s.spoke_id} · {s.vnet_name} · {s.address_prefix}
      </p>
      <p className="text-muted">
        backend {s.backend_address ?? "–"} · health {s.backend_health ?? "n/a"}
      </p>
    </div>
  );
}

const nodeTypes = { hub: HubNode, gateway: GatewayNode, spoke: SpokeNode };

function edgesFor(s: TopologySpoke): Edge[] {
  const h2s = s.hub_to_spoke?.state ?? null;
  const s2h = s.spoke_to_hub?.state ?? null;
  // Labels only where something is wrong: colour already says "Connected" / "Up".
  const label = (dir: string, p: string | null) => (p === "Connected" ? undefined : `${dir} ${p ?? "absent"}`);
  return [
    {
      id: `h2s-${s.id}`,
      source: "hub",
      sourceHandle: "out",
      target: s.id,
      targetHandle: "in",
      label: label("hub→spoke", h2s),
      style: { stroke: peeringColor(h2s), strokeWidth: 2, strokeDasharray: h2s ? undefined : "4 4" },
      animated: h2s === "Initiated",
    },
    {
      id: `s2h-${s.id}`,
      source: s.id,
      sourceHandle: "out",
      target: "hub",
      targetHandle: "in",
      label: label("spoke→hub", s2h),
      style: { stroke: peeringColor(s2h), strokeWidth: 2, strokeDasharray: s2h ? undefined : "4 4" },
      animated: s2h === "Initiated",
    },
    {
      id: `gw-${s.id}`,
      source: "gateway",
      sourceHandle: "backend",
      target: s.id,
      targetHandle: "gw",
      label: s.backend_health === "Up" ? undefined : `backend ${s.backend_health ?? "n/a"}`,
      style: { stroke: healthColor(s.backend_health), strokeDasharray: "6 3" },
    },
  ];
}

/** Gateway and hub on the left, spokes in a column on the right; each peering direction is its own edge. */
export default function TopologyGraph({ topology }: { topology: Topology }) {
  const { nodes, edges } = useMemo(() => {
    const spokeGap = 120;
    // The gateway card grows with its entries (five shown per kind): the hub goes below it.
    const hubY = Math.max(440, ((topology.spokes.length - 1) * spokeGap) / 2);
    const nodes: Node[] = [
      { id: "hub", type: "hub", position: { x: 30, y: hubY }, data: { hub: topology.hub } },
      ...(topology.gateway
        ? [{ id: "gateway", type: "gateway", position: { x: 0, y: 0 }, data: { gateway: topology.gateway } }]
        : []),
      ...topology.spokes.map((s, i) => ({
        id: s.id,
        type: "spoke",
        position: { x: 720, y: i * spokeGap },
        data: { spoke: s },
      })),
    ];
    const edges: Edge[] = [
      ...(topology.gateway
        ? [
            {
              id: "gw-hub",
              source: "gateway",
              sourceHandle: "hub",
              target: "hub",
              targetHandle: "gw",
              label: "in agw-subnet",
              style: { stroke: "#64748b" },
            },
          ]
        : []),
      ...topology.spokes.flatMap((s) => (topology.gateway ? edgesFor(s) : edgesFor(s).slice(0, 2))),
    ];
    return { nodes, edges };
  }, [topology]);
  return (
    <div className="h-[560px] w-full" data-testid="topology-graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        colorMode="system"
        nodesConnectable={false}
        minZoom={0.3}
        proOptions={{ hideAttribution: false }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
