import type { Metadata } from "next";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/actor";
import { env, hubConfig } from "@/lib/env";

export const metadata: Metadata = { title: "Topology" };

export default async function TopologyPage() {
  await requireUser();
  const hub = hubConfig();
  const rows: [string, string][] = [
    ["Cloud", env().AZURE_MODE === "simulator" ? "ARM simulator" : "Azure"],
    ["Region", hub.location],
    ["Hub resource group", hub.hubResourceGroup],
    ["Hub VNet", hub.hubVnetName],
    ["Application Gateway", hub.gatewayName],
    ["Spoke address pool", `${hub.addressSpace} in /${hub.prefixLength} blocks`],
  ];
  return (
    <>
      <PageHeader title="Topology" description="The hub, its gateway and the spokes peered to it." />
      <Card>
        <CardHeader title="Hub" />
        <dl className="grid grid-cols-[max-content_1fr] gap-x-8 gap-y-2 p-5 text-sm">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted">{k}</dt>
              <dd className="font-mono">{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </>
  );
}
