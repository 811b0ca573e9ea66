import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { SpokeList } from "@/components/spokes/spoke-list";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/actor";
import { actorCtx } from "@/lib/http/auth-ctx";
import { spokeKeys } from "@/lib/queries/spokes";
import { listSpokes } from "@/lib/spokes/list-spokes";

export const metadata: Metadata = { title: "Spokes" };

export default async function SpokesPage() {
  const actor = await requireUser();
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({
    queryKey: spokeKeys.list({}),
    queryFn: async () => listSpokes({ ctx: await actorCtx(actor), input: { limit: 200 } }),
  });
  return (
    <>
      <PageHeader
        title="Spokes"
        description={
          actor.role === "admin" ? "Every spoke on the hub, with its owner." : "Your spokes on the hub network."
        }
        actions={
          <Link href="/spokes/new" className={buttonClass("primary")}>
            New spoke
          </Link>
        }
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <SpokeList showOwner={actor.role === "admin"} />
      </HydrationBoundary>
    </>
  );
}
