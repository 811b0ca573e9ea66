"use client";

import { Card, CardHeader } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table";
import { useQuery } from "@tanstack/react-query";
import { LiveStatus } from "@/components/live/live-status";
import { spokeKeys, spokeLiveQuery, type SpokeDetail } from "@/lib/queries/spokes";

const portal = (id: string) => `https://portal.azure.com/#@/resource${id}`;

interface Peering {
  name: string;
  state?: string | null;
  sync_level?: string | null;
}

function outputsOf(d: SpokeDetail): Record<string, unknown> {
  const create = d.deployments.find((x) => x.kind === "create");
  return Object.assign(
    {},
    ...(create?.steps.map((s) => (s.outputs && typeof s.outputs === "object" ? s.outputs : {})) ?? []),
  );
}

/** The spoke's Azure resources, with what Azure says about each right now and a portal link. */
export function ResourcesCard({ spoke: record }: { spoke: SpokeDetail }) {
  const { data: fetched, error, dataUpdatedAt } = useQuery(spokeLiveQuery(record.id));
  // Until the shared snapshot has been read once, there is nothing to show yet ("reading…").
  const live = fetched?.live.read_at || fetched?.live_error ? fetched : undefined;
  const out = outputsOf(record);
  const spoke = {
    ...record,
    vnet: live?.vnet ?? null,
    vm: live?.vm ?? null,
    agw: live?.agw ?? null,
    live_error: error?.message ?? (live && "live_error" in live ? live.live_error : undefined),
  };
  const vnet = spoke.vnet as {
    name: string;
    id: string;
    address_space: string[];
    provisioning_state?: string;
    subnets: { name: string; address_prefix: string }[];
    peerings: { hub_to_spoke: Peering | null; spoke_to_hub: Peering | null };
  } | null;
  const vm = spoke.vm as { name: string; id: string; status: string; size: string; private_ip: string | null } | null;
  const agw = spoke.agw as {
    name: string;
    backend_pool_name: string;
    backend_pool_configured: boolean;
    routing_rule_name: string;
    routing_rule_configured: boolean;
    priority: number | null;
    host_name: string;
    backend_health: string | null;
  } | null;
  const peer = (p: Peering | null | undefined) =>
    p ? `${p.state ?? "?"}${p.sync_level ? ` · ${p.sync_level}` : ""}` : "absent";
  const rows: { type: string; name: string; state: string; id?: string }[] = [
    {
      type: "Virtual network",
      name: vnet?.name ?? `spoke-vnet-${spoke.spoke_id}`,
      state: vnet ? `${vnet.address_space.join(", ")} · ${vnet.provisioning_state ?? ""}` : "absent",
      id: vnet?.id ?? (out.vnetId as string | undefined),
    },
    ...(vnet?.subnets ?? []).map((s) => ({ type: "Subnet", name: s.name, state: s.address_prefix })),
    {
      type: "Network interface",
      name: `${spoke.vm_name}-nic`,
      state: vm?.private_ip ? `private IP ${vm.private_ip}` : "–",
      id: out.nicId as string | undefined,
    },
    {
      type: "Virtual machine",
      name: vm?.name ?? spoke.vm_name,
      state: vm ? `${vm.status} · ${vm.size}` : "absent",
      id: vm?.id ?? (out.vmId as string | undefined),
    },
    {
      type: "Peering hub → spoke",
      name: vnet?.peerings.hub_to_spoke?.name ?? `hub-to-spoke-${spoke.spoke_id}`,
      state: peer(vnet?.peerings.hub_to_spoke),
      id: out.hubToSpokeId as string | undefined,
    },
    {
      type: "Peering spoke → hub",
      name: vnet?.peerings.spoke_to_hub?.name ?? `spoke-${spoke.spoke_id}-to-hub`,
      state: peer(vnet?.peerings.spoke_to_hub),
      id: out.spokeToHubId as string | undefined,
    },
  ];
  if (agw) {
    rows.push({
      type: "Gateway backend pool",
      name: agw.backend_pool_name,
      state: agw.backend_pool_configured ? `configured · health ${agw.backend_health ?? "unknown"}` : "not configured",
    });
    rows.push({
      type: "Gateway routing rule",
      name: agw.routing_rule_name,
      state: agw.routing_rule_configured ? `priority ${agw.priority} · ${agw.host_name}` : "not configured",
    });
  }
  const gone = spoke.deleted_at !== null;
  // Until Azure has answered, say so rather than "absent".
  const shown =
    live || gone || spoke.live_error
      ? rows
      : rows.map((r) => ({ ...r, state: r.type === "Subnet" ? r.state : "reading…" }));
  return (
    <Card>
      <CardHeader
        title="Resources"
        description={
          gone
            ? "The spoke is gone; these names no longer exist in Azure."
            : spoke.live_error
              ? `Azure could not be read: ${spoke.live_error}`
              : live
                ? "As Azure reported them."
                : "Reading from Azure…"
        }
        actions={
          fetched && !gone ? (
            <LiveStatus
              live={fetched.live}
              fetchedAt={dataUpdatedAt}
              refreshUrl={`/api/spokes/${encodeURIComponent(record.id)}/refresh`}
              queryKeys={[spokeKeys.live(record.id)]}
            />
          ) : null
        }
      />
      <table className="w-full text-sm">
        <TableHead
          columns={[
            "Type",
            "Name",
            "State",
            <span key="portal" className="sr-only">
              Portal
            </span>,
          ]}
        />
        <tbody>
          {shown.map((r) => (
            <tr key={`${r.type}-${r.name}`} className="border-t border-line">
              <td className="px-4 py-2 text-muted">{r.type}</td>
              <td className="px-4 py-2 font-mono text-xs">{r.name}</td>
              <td className="px-4 py-2 text-xs">{r.state}</td>
              <td className="px-4 py-2 text-right">
                {r.id && !gone ? (
                  <a
                    href={portal(r.id)}
                    target="_blank"
                    rel="noreferrer"
                    className="text-xs text-accent hover:underline"
                    aria-label={`Open ${r.name} in the Azure portal`}
                  >
                    Azure portal ↗
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
