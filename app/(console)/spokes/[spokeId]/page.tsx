import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SpokeDetailView } from "@/components/spokes/spoke-detail";
import { requireUser } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { spokeKeys } from "@/lib/queries/spokes";
import { getSpoke } from "@/lib/spokes/get-spoke";
import { planTeardownAction, planUpdateAction, powerAction, spokeOperationAction, updateSpokeAction } from "./actions";

export const metadata: Metadata = { title: "Spoke" };

export default async function SpokePage({ params }: { params: Promise<{ spokeId: string }> }) {
  const { spokeId } = await params;
  const actor = await requireUser();
  const ctx = await spokeCtx(actor);
  const queryClient = new QueryClient();
  try {
    const spoke = await getSpoke({ ctx, input: { ref: spokeId } });
    queryClient.setQueryData(spokeKeys.detail(spokeId), spoke);
  } catch (err) {
    if (isAppError(err) && err.code === "not_found") notFound();
    throw err;
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <SpokeDetailView
        spokeId={spokeId}
        action={spokeOperationAction}
        update={{ plan: planUpdateAction, update: updateSpokeAction, power: powerAction }}
        planTeardown={planTeardownAction}
      />
    </HydrationBoundary>
  );
}
