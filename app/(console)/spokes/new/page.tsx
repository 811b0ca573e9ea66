import type { Metadata } from "next";
import { NewSpokeForm } from "@/components/spokes/new-spoke-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/actor";
import { createSpokeAction } from "./actions";

export const metadata: Metadata = { title: "New spoke" };

export default async function NewSpokePage() {
  await requireUser();
  return (
    <>
      <PageHeader
        title="New spoke"
        description="A VNet with four subnets, an Ubuntu VM, two-way peering with the hub and a route on its gateway."
      />
      <NewSpokeForm createAction={createSpokeAction} />
    </>
  );
}
