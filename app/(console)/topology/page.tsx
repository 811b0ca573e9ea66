import type { Metadata } from "next";
import { TopologyView } from "@/components/topology/topology-view";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/actor";

export const metadata: Metadata = { title: "Topology" };

export default async function TopologyPage() {
  const actor = await requireUser();
  return (
    <>
      <PageHeader
        title="Topology"
        description={
          actor.role === "admin"
            ? "The hub, its gateway and every spoke peered to it."
            : "The hub, its gateway and your spokes peered to it."
        }
      />
      <TopologyView />
    </>
  );
}
