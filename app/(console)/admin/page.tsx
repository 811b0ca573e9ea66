import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminSpokes } from "@/components/admin/admin-spokes";
import { AuditLogCard } from "@/components/admin/audit-log-card";
import { CleanupReportsCard } from "@/components/admin/cleanup-reports-card";
import { DoctorCard } from "@/components/admin/doctor-card";
import { HubBootstrapCard } from "@/components/admin/hub-bootstrap-card";
import { HubStatusCard } from "@/components/admin/hub-status-card";
import { OrphansCard } from "@/components/admin/orphans-card";
import { UserTable } from "@/components/admin/user-table";
import { WebhooksCard } from "@/components/admin/webhooks-card";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getHubStatus } from "@/lib/admin/hub-status";
import { isAdmin, requireUser } from "@/lib/auth/actor";
import { listUsers } from "@/lib/auth/list-users";
import { getLatestHubBootstrap } from "@/lib/hub/bootstrap";
import { spokeCtx } from "@/lib/http/spoke-ctx";
import { webhookCtx } from "@/lib/http/webhook-ctx";
import { listDeliveries, listWebhooks } from "@/lib/webhooks/admin";
import { adminKeys } from "@/lib/queries/admin";
import { spokeKeys } from "@/lib/queries/spokes";
import { listSpokes } from "@/lib/spokes/list-spokes";
import { planTeardownAction, revokeSessionsAction, setRoleAction, teardownSpokesAction } from "./actions";
import { createWebhookAction, deleteWebhookAction, sendTestWebhookAction } from "./webhook-actions";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const actor = await requireUser();
  if (!isAdmin(actor)) notFound();
  const ctx = await spokeCtx(actor);
  const queryClient = new QueryClient();
  const hooksCtx = await webhookCtx(actor);
  const [users, hooks] = await Promise.all([
    listUsers({ ctx }),
    listWebhooks({ ctx: hooksCtx }).then((list) =>
      Promise.all(
        list.map(async (h) => ({
          ...h,
          deliveries: await listDeliveries({ ctx: hooksCtx, input: { ref: h.id, limit: 10 } }),
        })),
      ),
    ),
    queryClient.prefetchQuery({ queryKey: adminKeys.hub, queryFn: () => getHubStatus({ ctx }) }),
    queryClient.prefetchQuery({ queryKey: adminKeys.bootstrap, queryFn: () => getLatestHubBootstrap({ ctx }) }),
    queryClient.prefetchQuery({
      queryKey: spokeKeys.list({}),
      queryFn: () => listSpokes({ ctx, input: { limit: 200 } }),
    }),
  ]);
  return (
    <>
      <PageHeader
        title="Admin"
        description="Every spoke, the hub's state, bootstrap and checks, cleanup reports, orphans in Azure, webhooks, the audit log and users."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <div className="space-y-6">
          <HubStatusCard />
          <div className="grid gap-6 xl:grid-cols-2">
            <HubBootstrapCard />
            <DoctorCard />
          </div>
          <AdminSpokes teardownAction={teardownSpokesAction} planAction={planTeardownAction} />
          <CleanupReportsCard />
          <OrphansCard />
          <WebhooksCard
            hooks={hooks}
            createAction={createWebhookAction}
            testAction={sendTestWebhookAction}
            deleteAction={deleteWebhookAction}
          />
          <AuditLogCard />
          <Card>
            <CardHeader
              title="Users"
              description="Revoking sessions signs the user out everywhere and revokes their API tokens; open event streams close at their next heartbeat. Roles change here, audited."
            />
            <div className="p-5">
              <UserTable
                users={users}
                revokeAction={revokeSessionsAction}
                roleAction={setRoleAction}
                selfId={actor.id}
              />
            </div>
          </Card>
        </div>
      </HydrationBoundary>
    </>
  );
}
